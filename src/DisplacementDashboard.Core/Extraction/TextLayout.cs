namespace DisplacementDashboard.Core.Extraction;

/// <summary>
/// Paragraphs, sentences and clauses of a report, as character ranges into the original text (so phrases keep their
/// offsets). A line break ends a sentence unless the line runs on in lower case (text wrapped by a PDF).
/// </summary>
internal sealed class TextLayout
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "No", "Nos", "Sept", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Mr", "Mrs", "Ms",
        "Dr", "St", "Gen", "Lt", "Col", "approx", "incl", "vs", "ca", "e.g", "i.e", "a.m", "p.m", "U.S", "U.N", "U.K", "Ref",
    };

    private readonly string _text;
    private readonly List<(int Start, int End)> _sentences = [];
    private readonly List<(int Start, int End)> _paragraphs = [];

    /// <summary>How many clause breaks stand before each position: a number's cues ask "a break between?" many times.</summary>
    private readonly int[] _breaksBefore;

    public TextLayout(string text)
    {
        _text = text;
        Split();
        _breaksBefore = new int[text.Length + 1];
        for (var i = 0; i < text.Length; i++)
        {
            _breaksBefore[i + 1] = _breaksBefore[i] + (IsClauseBreak(i) ? 1 : 0);
        }
    }

    public (int Start, int End) SentenceAt(int position) => Find(_sentences, position);

    public (int Start, int End) ParagraphAt(int position) => Find(_paragraphs, position);

    /// <summary>The clause around a position: the sentence cut at , ; : ( ) dashes and "and", "while", "but", "whereas" ("with" often carries the place: "provided with accommodation in Syunik").</summary>
    public (int Start, int End) ClauseAt(int position, (int Start, int End) sentence)
    {
        var start = sentence.Start;
        for (var i = position - 1; i >= sentence.Start; i--)
        {
            if (IsClauseBreak(i))
            {
                start = i + 1;
                break;
            }
        }

        var end = sentence.End;
        for (var i = position; i < sentence.End; i++)
        {
            if (IsClauseBreak(i))
            {
                end = i;
                break;
            }
        }

        return (start, end);
    }

    /// <summary>True when a clause break lies between two positions.</summary>
    public bool BreakBetween(int from, int to) => to > from && _breaksBefore[to] > _breaksBefore[from];

    private bool IsClauseBreak(int i)
    {
        var c = _text[i];
        switch (c)
        {
            case ';' or ':' or '(' or ')' or '—' or '–':
                return true;
            case ',':
                // 100,632 is one number, not two clauses.
                return !(i > 0 && i + 1 < _text.Length && char.IsDigit(_text[i - 1]) && char.IsDigit(_text[i + 1]));
            case ' ':
                return WordAt(i + 1, "and ") || WordAt(i + 1, "while ") || WordAt(i + 1, "but ") || WordAt(i + 1, "whereas ");
            default:
                return false;
        }
    }

    private bool WordAt(int i, string word) =>
        i + word.Length <= _text.Length && string.CompareOrdinal(_text, i, word, 0, word.Length) == 0;

    private static (int Start, int End) Find(List<(int Start, int End)> spans, int position)
    {
        int lo = 0, hi = spans.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (position < spans[mid].Start)
            {
                hi = mid - 1;
            }
            else if (position >= spans[mid].End)
            {
                lo = mid + 1;
            }
            else
            {
                return spans[mid];
            }
        }

        return spans.Count == 0 ? (0, 0) : spans[Math.Clamp(lo, 0, spans.Count - 1)];
    }

    private void Split()
    {
        var text = _text;
        var sentenceStart = 0;
        var paragraphStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                var blank = IsBlankLineAfter(i);
                if (blank)
                {
                    _paragraphs.Add((paragraphStart, i));
                    paragraphStart = i + 1;
                }

                if (blank || !RunsOn(i))
                {
                    AddSentence(sentenceStart, i);
                    sentenceStart = i + 1;
                }

                continue;
            }

            if (c is '.' or '!' or '?' && EndsSentence(i))
            {
                AddSentence(sentenceStart, i + 1);
                sentenceStart = i + 1;
            }
        }

        AddSentence(sentenceStart, text.Length);
        _paragraphs.Add((paragraphStart, text.Length));
    }

    private void AddSentence(int start, int end)
    {
        if (end > start)
        {
            _sentences.Add((start, end));
        }
    }

    private bool IsBlankLineAfter(int newline)
    {
        for (var j = newline + 1; j < _text.Length; j++)
        {
            if (_text[j] == '\n')
            {
                return true;
            }

            if (!char.IsWhiteSpace(_text[j]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A wrapped line: it ends in a letter or comma and the next line starts in lower case.</summary>
    private bool RunsOn(int newline)
    {
        var before = newline - 1;
        while (before >= 0 && _text[before] is ' ' or '\t' or '\r')
        {
            before--;
        }

        var after = newline + 1;
        while (after < _text.Length && _text[after] is ' ' or '\t')
        {
            after++;
        }

        return before >= 0 && after < _text.Length && (char.IsLetterOrDigit(_text[before]) || _text[before] is ',' or '-')
            && char.IsLower(_text[after]);
    }

    private bool EndsSentence(int i)
    {
        var next = i + 1;
        while (next < _text.Length && _text[next] is '"' or '\'' or '’' or '”' or ')')
        {
            next++;
        }

        if (next >= _text.Length)
        {
            return true;
        }

        if (!char.IsWhiteSpace(_text[next]))
        {
            return false;
        }

        while (next < _text.Length && _text[next] is ' ' or '\t')
        {
            next++;
        }

        if (next < _text.Length && !(char.IsUpper(_text[next]) || char.IsDigit(_text[next]) || _text[next] is '"' or '“' or '‘' or '•' or '\n' or '\r'))
        {
            return false;
        }

        if (_text[i] != '.')
        {
            return true;
        }

        // The word before the full stop: an abbreviation or an initial does not end the sentence.
        var wordStart = i;
        while (wordStart > 0 && (char.IsLetter(_text[wordStart - 1]) || _text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = _text[wordStart..i];
        return !(Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])));
    }
}
