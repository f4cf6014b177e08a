using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace DisplacementDashboard.Core.Extraction;

/// <summary>A report's plain text, or why it could not be read.</summary>
public sealed record ReportTextResult(string? Text, string? Refusal)
{
    public bool Succeeded => Text is not null;
}

/// <summary>
/// Turns an uploaded report into the plain text the extractor reads: <c>.txt</c> as UTF-8, <c>.html</c>/<c>.htm</c>
/// through AngleSharp (scripts, styles and navigation dropped; block elements end lines), <c>.pdf</c> through PdfPig
/// (page text in reading order). Anything else is read as text when it is UTF-8 without control bytes, and refused
/// otherwise, with the reason.
/// </summary>
public static class ReportText
{
    /// <summary>Reports larger than this are refused: a situation report is tens of kilobytes, a PDF a few megabytes.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
        "header", "footer", "blockquote", "pre", "dd", "dt", "figcaption", "hr", "main", "aside",
    };

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "svg", "nav" };

    /// <summary>The text of <paramref name="content"/>, read by the kind its <paramref name="fileName"/> names.</summary>
    public static ReportTextResult Read(string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > MaxBytes)
        {
            return new(null, $"The file is {content.Length / 1024 / 1024} MB; reports up to {MaxBytes / 1024 / 1024} MB are read.");
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".pdf" => Pdf(content),
            ".html" or ".htm" => Decode(content) is { } html ? new(Html(html), null) : new(null, "The HTML file is not UTF-8 text."),
            _ => Decode(content) is { } text && !HasControlBytes(text)
                ? new(text.Replace("\r\n", "\n", StringComparison.Ordinal), null)
                : new(null, $"The file is not text (UTF-8 without control characters){(extension is ".txt" or "" ? "" : $"; {extension} files are not read, only .txt, .html and .pdf")}."),
        };
    }

    /// <summary>The visible text of an HTML document, one line per block element.</summary>
    public static string Html(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var text = new StringBuilder(html.Length / 2);
        Walk(document.Body ?? (INode)document.DocumentElement, text);
        return Tidy(text.ToString());
    }

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    // Line breaks in HTML source are spaces; only block elements end lines.
                    text.Append(t.Data.Replace('\r', ' ').Replace('\n', ' '));
                    break;
                case IElement e when Skipped.Contains(e.LocalName):
                    break;
                case IElement e:
                    var block = Blocks.Contains(e.LocalName);
                    if (block)
                    {
                        text.Append('\n');
                    }

                    Walk(e, text);
                    if (block || e.LocalName is "td" or "th")
                    {
                        text.Append(e.LocalName is "td" or "th" ? ' ' : '\n');
                    }

                    break;
            }
        }
    }

    private static ReportTextResult Pdf(byte[] content)
    {
        try
        {
            using var document = PdfDocument.Open(content);
            var text = new StringBuilder();
            foreach (var page in document.GetPages())
            {
                text.Append(ContentOrderTextExtractor.GetText(page)).Append("\n\n");
            }

            var result = Tidy(text.ToString());
            return result.Trim().Length == 0
                ? new(null, "The PDF holds no text (a scanned image?); paste the text instead.")
                : new(result, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PdfPig throws its own exception types for damaged or encrypted files; the reason is what the user needs.
            return new(null, $"The PDF could not be read: {e.Message}");
        }
    }

    private static string? Decode(byte[] content)
    {
        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool HasControlBytes(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'));

    /// <summary>Spaces collapsed within lines, at most one blank line between blocks.</summary>
    private static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\u00A0', ' ').Split('\n')
            .Select(l => string.Join(' ', l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)));
        var result = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }

            result.Append(line);
            blank = 0;
        }

        return result.Append('\n').ToString();
    }
}
