using System.Globalization;
using System.Text.RegularExpressions;
using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Extraction;

/// <summary>
/// Finds the figures in a report's plain text: every number an analyst would take (digits in either thousands style,
/// decimals, "76 thousand", "1.5 million", "$97 million", "97 million dollars", "CHF 1.2 million", numbers in words), with
/// its qualifier, metric, place, reference date and time, unit and the verbatim phrase; and none of the numbers that are
/// not figures (years, dates, times, durations, ages, citation markers, document codes, exchange rates, list numbering,
/// page furniture, vague amounts such as "tens of thousands"). Pure and thread-safe: one instance per vocabulary.
/// </summary>
public sealed partial class FigureExtractor
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private readonly ExtractionVocabulary _vocabulary;
    private readonly PlaceNames _places;
    private readonly List<MetricCueSet> _cueSets;

    public FigureExtractor(ExtractionVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        _places = new PlaceNames(vocabulary);
        var known = MetricCues.All.Where(s => vocabulary.Metrics.ContainsKey(s.Code)).ToList();
        var unknown = vocabulary.Metrics.Values.Where(m => known.All(s => s.Code != m.Code)).Select(MetricCues.FromName);
        _cueSets = [.. known, .. unknown];
    }

    [GeneratedRegex(@"(?<![\w.,/+\-–#№])(?<cur>US\s?\$|\$|€|£|USD|EUR|CHF|AMD)?\s?(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00A0\u202F]\d{3})+(?![\d,.]\d)|\d{1,3}(?:\.\d{3}){2,}|\d+(?:\.\d+)?)(?:[\s\u00A0]?(?<scale>thousand|million|billion|mln|bn|m|k)(?![\w]))?(?![\w]|[.,]\d)", Options)]
    private static partial Regex Number();

    [GeneratedRegex(@"^[\s\u00A0]*(?:(?<cur>US dollars|U\.S\. dollars|dollars|USD|euros?|EUR|Swiss francs|francs|CHF|Armenian drams|drams?|AMD)|(?<pct>%|per ?cent|pct))(?![\w])", Options)]
    private static partial Regex UnitAfter();

    [GeneratedRegex(@"^[\s\u00A0]+(?:[A-Za-z][\w'’]*[\s\u00A0]+){0,2}?(?<noun>people|persons|person|refugees|individuals|residents|civilians|children|women|arrivals|Armenians|Azerbaijanis|families|households|organi[sz]ations|partners|NGOs|agencies|hot meals|meals|places|beds|inhabitants|others|soldiers|servicemen|members|evacuees|displaced persons)(?![\w])", Options)]
    private static partial Regex CountedNoun();

    [GeneratedRegex(@"^[\s-]*(?:hours?|hrs?|days?|weeks?|months?|years?|decades?|minutes?|mins?|seconds?|nights?|centuries|century)(?![\w])", Options)]
    private static partial Regex Duration();

    [GeneratedRegex(@"(?:(?<approx>\b(?:about|around|some|approximately|approx\.|an estimated|estimated|almost|nearly|roughly|close to|circa|an approximate|just about))|(?<least>\b(?:more than|over|at least|exceeds|exceeded|exceeding|in excess of|upwards of|just over|well over|passed|surpassed|topped|above|no fewer than|no less than|a minimum of|not less than))|(?<most>\b(?:up to|as many as|fewer than|less than|under|below|no more than|at most|just under|a maximum of|not more than)))[\s\u00A0]*$", Options)]
    private static partial Regex QualifierBefore();

    [GeneratedRegex(@"^[\s\u00A0]*(?:(?<least>or more|\+|-plus|plus)|(?<approx>or so)|(?<most>or fewer|or less))(?![\w])", Options)]
    private static partial Regex QualifierAfter();

    [GeneratedRegex(@"\b(?:said|says|reported|announced|stated|told|according to|confirmed)\b[^.;]{0,15}$", Options)]
    private static partial Regex ReportingVerb();

    [GeneratedRegex(@"[A-Z][\w'’-]+,[\s\u00A0]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameBefore();

    [GeneratedRegex(@"\b(?:in|since|of|by|from|until|till|during|early|late|mid|the|year|before|after|spring|summer|autumn|fall|winter)[\s-]+$", Options)]
    private static partial Regex YearPreposition();

    [GeneratedRegex(@"^\s*(?:(?:By|As of|As at|On|At)\s+(?:the\s+(?:end|evening|morning|night)\s+of\s+)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FramingDate();

    [GeneratedRegex(@"^(?:In|At|From|Across)\s+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntroPreposition();

    /// <summary>The candidates in <paramref name="text"/>, in text order, each figure once.</summary>
    /// <param name="text">The report as plain text.</param>
    /// <param name="published">The report's date: resolves "yesterday", "on Saturday" and dates without a year; the reference date when the text gives none.</param>
    public IReadOnlyList<ExtractedFigure> Extract(string text, DateOnly? published)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mask = new bool[text.Length];
        var dates = ReportDates.FindDates(text, published);
        var times = ReportDates.FindTimes(text);
        foreach (var d in dates)
        {
            Array.Fill(mask, true, d.Start, d.End - d.Start);
        }

        foreach (var t in times)
        {
            Array.Fill(mask, true, t.Start, t.End - t.Start);
        }

        NonFigures.Mark(text, mask);
        var layout = new TextLayout(text);
        var places = _places.Find(text);
        var mentions = FindNumbers(text, mask);
        var years = ReportDates.Year().Matches(text).Select(y => (y.Index, int.Parse(y.ValueSpan, CultureInfo.InvariantCulture))).ToList();

        var figures = new List<ExtractedFigure>();
        var seen = new Dictionary<(decimal, Qualifier, string?, string?, string?), int>();
        (int SentenceStart, string? Metric) previous = (-1, null);
        var cueCache = new Dictionary<int, List<CueHit>>();
        var paragraphTests = new Dictionary<(int, Regex), bool>();
        foreach (var mention in mentions)
        {
            var sentenceStart = layout.SentenceAt(mention.Start).Start;
            var listHead = previous.SentenceStart == sentenceStart ? previous.Metric : null;
            if (Read(text, mention, mentions, layout, places, dates, times, years, published, listHead, cueCache, paragraphTests) is not { } figure)
            {
                continue;
            }

            previous = (sentenceStart, figure.Metric is "state_provided_accommodation_by_marz" ? "state_provided_accommodation_cumulative" : figure.Metric);

            var key = (figure.Value, figure.Qualifier, figure.Metric, figure.Location, figure.Unit);
            if (seen.TryGetValue(key, out var index))
            {
                // The same figure again: keep the first phrase, but take a date the first mention lacked.
                if (figures[index].Date is null && figure.Date is not null)
                {
                    figures[index] = figures[index] with { Date = figure.Date, Time = figure.Time };
                }

                continue;
            }

            seen[key] = figures.Count;
            figures.Add(figure);
        }

        return figures;
    }

    private readonly record struct NumberMention(int Start, int End, decimal Value, string? Currency, bool Percent, bool Words, bool Scaled, bool PlainInteger, bool DotThousands);

    private static List<NumberMention> FindNumbers(string text, bool[] mask)
    {
        var found = new List<NumberMention>();
        foreach (Match m in Number().Matches(text))
        {
            if (Masked(mask, m.Groups["num"].Index, m.Groups["num"].Index + m.Groups["num"].Length))
            {
                continue;
            }

            var num = m.Groups["num"].Value;
            var scale = m.Groups["scale"].Value.ToLowerInvariant();
            string? currency = m.Groups["cur"].Success ? CurrencyCode(m.Groups["cur"].Value) : null;
            var end = m.Index + m.Length;
            var after = UnitAfter().Match(text, end, Math.Min(24, text.Length - end));
            var percent = false;
            if (after.Success)
            {
                if (after.Groups["cur"].Success && currency is null)
                {
                    currency = CurrencyCode(after.Groups["cur"].Value);
                    end += after.Length;
                }
                else if (after.Groups["pct"].Success)
                {
                    percent = true;
                    end += after.Length;
                }
            }

            // "5m" and "2bn" are money; without a currency they are metres or not figures at all.
            if (scale is "m" or "k" or "bn" or "mln" && currency is null)
            {
                continue;
            }

            var dotThousands = Regex.IsMatch(num, @"^\d{1,3}\.\d{3}$", RegexOptions.CultureInvariant) && scale.Length == 0 && currency is null && !percent;
            var digits = num.Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal)
                .Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal);
            if (Regex.IsMatch(num, @"^\d{1,3}(?:\.\d{3}){2,}$", RegexOptions.CultureInvariant))
            {
                digits = digits.Replace(".", "", StringComparison.Ordinal);
            }

            var value = decimal.Parse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * Multiplier(scale);
            var start = m.Groups["cur"].Success ? m.Index : m.Groups["num"].Index;
            var plain = scale.Length == 0 && currency is null && !percent && !num.Contains(',', StringComparison.Ordinal) && !num.Contains('.', StringComparison.Ordinal) && !num.Contains(' ', StringComparison.Ordinal);
            found.Add(new NumberMention(start, end, value, currency, percent, false, scale.Length > 0, plain, dotThousands));
        }

        foreach (Match m in NumberWords.Run().Matches(text))
        {
            if (Masked(mask, m.Index, m.Index + m.Length))
            {
                continue;
            }

            var (value, scaled) = NumberWords.Parse(m.Value);
            var end = m.Index + m.Length;
            var after = UnitAfter().Match(text, end, Math.Min(24, text.Length - end));
            string? currency = null;
            var percent = false;
            if (after.Success)
            {
                currency = after.Groups["cur"].Success ? CurrencyCode(after.Groups["cur"].Value) : null;
                percent = after.Groups["pct"].Success;
                end += after.Length;
            }

            found.Add(new NumberMention(m.Index, end, value, currency, percent, true, scaled, false, false));
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private ExtractedFigure? Read(
        string text, NumberMention mention, List<NumberMention> mentions, TextLayout layout, List<PlaceMention> places,
        List<DateMention> dates, List<TimeMention> times, List<(int Index, int Year)> years, DateOnly? published, string? listHead,
        Dictionary<int, List<CueHit>> cueCache, Dictionary<(int, Regex), bool> paragraphTests)
    {
        var sentence = layout.SentenceAt(mention.Start);
        var paragraph = layout.ParagraphAt(mention.Start);
        var rest = text.AsSpan(mention.End, Math.Min(60, text.Length - mention.End)).ToString();
        if (Duration().IsMatch(rest))
        {
            return null;
        }

        var noun = mention.Currency is null && !mention.Percent ? CountedNoun().Match(rest) : Match.Empty;
        var nounUnit = noun.Success ? NounUnit(noun.Groups["noun"].Value) : null;
        var value = mention.Value;
        if (mention.DotThousands)
        {
            // 2.850 people: a count has no fractions, so the dot separates thousands.
            value = nounUnit is not null ? value * 1000 : value;
        }

        // A year, unless a count follows it directly and no preposition puts it in time ("2023 refugees" vs "in 2023 refugees").
        if (mention.PlainInteger && value is >= 1000 and <= 2100
            && (nounUnit is null || YearPreposition().IsMatch(text.AsSpan(Math.Max(0, mention.Start - 12), mention.Start - Math.Max(0, mention.Start - 12)))))
        {
            return null;
        }

        // "Ruben Vardanyan, 55, a former..." is an age.
        if (mention.PlainInteger && value < 130 && rest.StartsWith(',') && NameBefore().IsMatch(text.AsSpan(Math.Max(sentence.Start, mention.Start - 40), mention.Start - Math.Max(sentence.Start, mention.Start - 40)).ToString()))
        {
            return null;
        }

        // Number words count only with a scale ("forty thousand") or a counted noun ("three people"): "three wars" is not a figure.
        if (mention.Words && !mention.Scaled && nounUnit is null)
        {
            return null;
        }

        // Qualifier and phrase.
        var phraseStart = mention.Start;
        var phraseEnd = noun.Success ? mention.End + noun.Length : mention.End;
        var qualifier = Qualifier.Exact;
        var beforeStart = Math.Max(sentence.Start, mention.Start - 40);
        var q = QualifierBefore().Match(text, beforeStart, mention.Start - beforeStart);
        if (q.Success)
        {
            qualifier = q.Groups["approx"].Success ? Qualifier.Approximate : q.Groups["least"].Success ? Qualifier.AtLeast : Qualifier.AtMost;
            phraseStart = q.Index;
        }
        else if (QualifierAfter().Match(text, phraseEnd, Math.Min(20, text.Length - phraseEnd)) is { Success: true } qa)
        {
            qualifier = qa.Groups["approx"].Success ? Qualifier.Approximate : qa.Groups["least"].Success ? Qualifier.AtLeast : Qualifier.AtMost;
            phraseEnd += qa.Length;
        }

        // History: a figure in a passage whose years all lie before the store's period (the 1988-1994 war) is not a candidate.
        if (IsHistory(years, sentence, paragraph, mention))
        {
            return null;
        }

        var unitKind = mention.Currency is not null ? UnitKind.Money : mention.Percent ? UnitKind.Percent : UnitKind.Count;
        var unit = mention.Currency ?? (mention.Percent ? "percent" : nounUnit);
        if (!cueCache.TryGetValue(sentence.Start, out var hits))
        {
            hits = CueHits(text, sentence, new CueContext(text, sentence, paragraph, paragraphTests));
            cueCache[sentence.Start] = hits;
        }

        var (cueSet, inClause) = BestMetric(layout, phraseStart, phraseEnd, unit, unitKind, hits, mentions, mention);

        // "47,500 refugees, including 9,150 in Syunik, 7,980 in Kotayk": a bare number with no cue of its own in its
        // clause continues the list the figure before it in the sentence opened.
        if (!inClause && unit is null && listHead is not null && _cueSets.FirstOrDefault(c => c.Code == listHead) is { } head)
        {
            cueSet = head;
        }

        if (cueSet is null)
        {
            var shareOf = mention.Percent && Regex.IsMatch(rest[(mention.End - mention.End)..], @"^\s*(?:per ?cent|%)?\s*of\b", Options);
            if (nounUnit is null && !(mention.Percent && text.AsSpan(phraseEnd).TrimStart().StartsWith("of", StringComparison.OrdinalIgnoreCase)) && !shareOf)
            {
                return null;
            }
        }

        var metric = cueSet?.Code;
        unit ??= metric is not null ? _vocabulary.Metrics[metric].Units.FirstOrDefault() : null;
        if (unit is not null && !_vocabulary.Units.ContainsKey(unit))
        {
            unit = null;
        }

        var location = PickLocation(text, layout, sentence, paragraph, phraseStart, phraseEnd, places, cueSet);
        if (metric == "state_provided_accommodation_cumulative" && location is not null && _vocabulary.Metrics.ContainsKey("state_provided_accommodation_by_marz")
            && Marz(location) is { } marz)
        {
            metric = "state_provided_accommodation_by_marz";
            location = marz;
        }

        var (date, time) = PickDate(text, layout, sentence, paragraph, phraseStart, phraseEnd, dates, times, published);
        if (date is { } d && _vocabulary.EarliestReferenceDate is { } earliest && d < earliest)
        {
            return null;
        }

        return new ExtractedFigure(value, qualifier, metric, location, date, time, unit, text[phraseStart..phraseEnd], phraseStart, phraseEnd - phraseStart);
    }

    private bool IsHistory(List<(int Index, int Year)> years, (int Start, int End) sentence, (int Start, int End) paragraph, NumberMention mention)
    {
        if (_vocabulary.EarliestReferenceDate is not { } earliest)
        {
            return false;
        }

        int? Latest(int start, int end)
        {
            int? latest = null;
            foreach (var (index, year) in Within(years, start, end, y => y.Index))
            {
                if (index < mention.Start || index >= mention.End)
                {
                    latest = latest is { } l ? Math.Max(l, year) : year;
                }
            }

            return latest;
        }

        var latestYear = Latest(sentence.Start, sentence.End) ?? Latest(paragraph.Start, paragraph.End);
        return latestYear is { } ly && ly < earliest.Year;
    }

    /// <summary>A cue of an applicable metric found in a sentence.</summary>
    private readonly record struct CueHit(MetricCueSet Set, Cue Cue, int Start, int End);

    /// <summary>Every cue of every metric that applies in this sentence, found once per sentence.</summary>
    private List<CueHit> CueHits(string text, (int Start, int End) sentence, CueContext context)
    {
        var hits = new List<CueHit>();
        foreach (var set in _cueSets)
        {
            if (set.Applies is { } applies && !applies(context))
            {
                continue;
            }

            foreach (var cue in set.Cues)
            {
                // Searched within the sentence only: a search from its start to the end of a long report costs the most.
                for (var m = cue.Pattern.Match(text, sentence.Start, sentence.End - sentence.Start); m.Success; m = m.NextMatch())
                {
                    hits.Add(new CueHit(set, cue, m.Index, m.Index + m.Length));
                }
            }
        }

        return hits;
    }

    /// <summary>The best-scoring metric, and whether its cue stands in the number's own clause.</summary>
    private (MetricCueSet? Set, bool InClause) BestMetric(
        TextLayout layout, int phraseStart, int phraseEnd, string? unit, UnitKind unitKind, List<CueHit> hits, List<NumberMention> mentions, NumberMention self)
    {
        MetricCueSet? best = null;
        var bestScore = double.NegativeInfinity;
        var bestInClause = false;
        foreach (var hit in hits)
        {
            var cue = hit.Cue;
            if (!UnitFits(_vocabulary.Metrics[hit.Set.Code], unit, unitKind))
            {
                continue;
            }

            int distance;
            CueSide side;
            if (hit.End <= phraseStart)
            {
                side = CueSide.Before;
                distance = phraseStart - hit.End;
            }
            else if (hit.Start >= phraseEnd)
            {
                side = CueSide.After;
                distance = hit.Start - phraseEnd;
            }
            else
            {
                side = CueSide.Any;
                distance = 0;
            }

            if ((cue.Side != CueSide.Any && side != CueSide.Any && side != cue.Side) || distance > cue.MaxDistance)
            {
                continue;
            }

            var from = side == CueSide.After ? phraseEnd : hit.End;
            var to = side == CueSide.After ? hit.Start : phraseStart;
            var between = side == CueSide.Any ? 0 : CountBetween(mentions, from, to, self);

            // Weight first; a cue in the number's own clause counts more; distance and other numbers between weaken it.
            var sameClause = side == CueSide.Any || !layout.BreakBetween(from, to);
            var score = cue.Weight
                + (sameClause ? 1.5 : 0)
                - Math.Min(2.5, distance / 20.0)
                - Math.Min(5, 2.5 * between);
            if (score > bestScore)
            {
                bestScore = score;
                best = hit.Set;
                bestInClause = sameClause;
            }
        }

        return (best, bestInClause);
    }

    /// <summary>The numbers other than <paramref name="self"/> wholly between two positions (mentions are sorted by start).</summary>
    private static int CountBetween(List<NumberMention> mentions, int from, int to, NumberMention self)
    {
        var count = 0;
        for (var i = FirstAtOrAfter(mentions, from); i < mentions.Count && mentions[i].Start < to; i++)
        {
            if (mentions[i].End <= to && mentions[i] != self)
            {
                count++;
            }
        }

        return count;
    }

    private static int FirstAtOrAfter(List<NumberMention> mentions, int position)
    {
        int lo = 0, hi = mentions.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (mentions[mid].Start < position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private bool UnitFits(VocabularyMetric metric, string? unit, UnitKind kind)
    {
        if (unit is not null)
        {
            return metric.Units.Contains(unit, StringComparer.Ordinal);
        }

        return metric.Units.Any(u => _vocabulary.Units.TryGetValue(u, out var vu) && vu.Kind == kind);
    }

    private string? PickLocation(
        string text, TextLayout layout, (int Start, int End) sentence, (int Start, int End) paragraph, int phraseStart, int phraseEnd,
        List<PlaceMention> places, MetricCueSet? set)
    {
        var fallback = set?.DefaultLocation is { } d && _vocabulary.Locations.ContainsKey(d) ? d : null;
        if (set is { National: true })
        {
            return fallback;
        }

        // Every place considered lies in the number's paragraph: look only there.
        places = [.. Within(places, paragraph.Start, paragraph.End, p => p.Start)];

        // A metric's figures stay on its side of the border: arrivals in Armenia are never placed in Nagorno-Karabakh.
        var scope = fallback is null ? null : Root(fallback);
        bool InScope(PlaceMention p) => scope is null || _vocabulary.IsWithin(p.Code, scope);
        var clause = layout.ClauseAt(phraseStart, sentence);
        var inClause = places.Where(p => p.Start >= clause.Start && p.End <= clause.End && InScope(p)).ToList();
        if (inClause.Count > 0)
        {
            return inClause
                .OrderByDescending(p => Depth(p.Code))
                .ThenBy(p => p.End <= phraseStart ? phraseStart - p.End : p.Start - phraseEnd)
                .First().Code;
        }

        // "In Syunik, WFP has distributed..." names the place for the whole sentence.
        var intro = places.FirstOrDefault(p => p.Start > sentence.Start && p.End <= phraseStart && InScope(p)
            && IntroPreposition().IsMatch(text.AsSpan(sentence.Start, p.Start - sentence.Start).TrimStart().ToString()));
        if (intro != default)
        {
            return intro.Code;
        }

        if (set is null)
        {
            var nearest = places.Where(p => p.Start >= sentence.Start && p.End <= sentence.End)
                .OrderBy(p => p.End <= phraseStart ? phraseStart - p.End : p.Start - phraseEnd).FirstOrDefault();
            if (nearest != default)
            {
                return nearest.Code;
            }

            var earlier = places.LastOrDefault(p => p.Start >= paragraph.Start && p.End <= phraseStart);
            return earlier == default ? null : earlier.Code;
        }

        return fallback;
    }

    private static (DateOnly? Date, TimeOnly? Time) PickDate(
        string text, TextLayout layout, (int Start, int End) sentence, (int Start, int End) paragraph, int phraseStart, int phraseEnd,
        List<DateMention> dates, List<TimeMention> times, DateOnly? published)
    {
        int Distance(int start, int end) => end <= phraseStart ? phraseStart - end : Math.Max(0, start - phraseEnd);

        // Dates after the report's own date are plans ("to be presented in mid-October"), not reference dates.
        var latest = published?.AddDays(1);
        var candidates = Within(dates, sentence.Start, sentence.End, d => d.Start).Where(d => d.Start >= sentence.Start && d.End <= sentence.End && d.Reference && d.Date is { } v && (latest is null || v <= latest)).ToList();
        DateOnly? date = null;
        if (candidates.Count > 0)
        {
            var reported = candidates.Where(d => ReportingVerb().IsMatch(text.AsSpan(Math.Max(sentence.Start, d.Start - 40), d.Start - Math.Max(sentence.Start, d.Start - 40)).ToString())).ToList();
            var pool = reported.Count > 0 ? reported : candidates;
            date = pool.OrderBy(d => Distance(d.Start, d.End)).First().Date;
        }

        // "As of 4 October, the centres in Goris ... . Some 2,300 people were sheltered.": a date that opens an earlier
        // sentence of the paragraph frames the sentences after it until another date is given.
        if (date is null)
        {
            foreach (var d in Within(dates, paragraph.Start, sentence.Start, d => d.Start).Reverse())
            {
                var opening = layout.SentenceAt(d.Start);
                if (d.Reference && d.Date is { } v && (latest is null || v <= latest)
                    && FramingDate().IsMatch(text.AsSpan(opening.Start, d.Start - opening.Start)))
                {
                    date = v;
                }

                break;
            }
        }

        date ??= published;
        var time = Within(times, sentence.Start, sentence.End, t => t.Start).Where(t => t.Anchored && t.Start >= sentence.Start && t.End <= sentence.End)
            .OrderBy(t => Distance(t.Start, t.End)).Select(t => (TimeOnly?)t.Time).FirstOrDefault();
        return (date, time);
    }

    private string Root(string code)
    {
        var current = code;
        while (_vocabulary.Locations.TryGetValue(current, out var l) && l.ParentCode is { } parent)
        {
            current = parent;
        }

        return current;
    }

    private int Depth(string code)
    {
        var depth = 0;
        for (var current = code; _vocabulary.Locations.TryGetValue(current, out var l) && l.ParentCode is { } parent; current = parent)
        {
            depth++;
        }

        return depth;
    }

    /// <summary>The marz (first level below the country) a place lies in, or null for the country itself.</summary>
    private string? Marz(string code)
    {
        for (var current = code; _vocabulary.Locations.TryGetValue(current, out var l); current = l.ParentCode!)
        {
            if (l.Level == LocationLevel.Adm1)
            {
                return l.Code;
            }

            if (l.ParentCode is null)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The items of a list sorted by position whose position lies in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private static IEnumerable<T> Within<T>(List<T> sorted, int from, int to, Func<T, int> position)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (position(sorted[mid]) < from)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        for (var i = lo; i < sorted.Count && position(sorted[i]) < to; i++)
        {
            yield return sorted[i];
        }
    }

    private static bool Masked(bool[] mask, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (mask[i])
            {
                return true;
            }
        }

        return false;
    }

    private static decimal Multiplier(string scale) => scale switch
    {
        "thousand" or "k" => 1_000m,
        "million" or "m" or "mln" => 1_000_000m,
        "billion" or "bn" => 1_000_000_000m,
        _ => 1m,
    };

    private static string CurrencyCode(string text)
    {
        var t = text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return t switch
        {
            "$" or "US$" or "USD" or "USDOLLARS" or "U.S.DOLLARS" or "DOLLARS" => "USD",
            "€" or "EUR" or "EURO" or "EUROS" => "EUR",
            "CHF" or "SWISSFRANCS" or "FRANCS" => "CHF",
            "£" => "GBP",
            _ => "AMD",
        };
    }

    private static string NounUnit(string noun) => noun.ToLowerInvariant() switch
    {
        "families" or "households" => "families",
        "organisations" or "organizations" or "partners" or "ngos" or "agencies" => "organisations",
        "meals" or "hot meals" => "meals",
        "places" or "beds" => "places",
        _ => "people",
    };
}
