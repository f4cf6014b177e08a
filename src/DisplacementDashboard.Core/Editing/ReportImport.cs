using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Extraction;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// From a report's text to figures in the store (the review page <c>/reports/new</c>): reads candidates with the
/// store's codes (<see cref="FigureExtractor"/>), suggests the existing source the report may be, points out
/// candidates the store already holds or contradicts, and commits the accepted ones with their source in one
/// transaction, through the checks of <see cref="FigureEditor"/> and <see cref="SourceEditor"/>: all or nothing,
/// every refusal naming the candidate and the field. Each figure keeps its phrase (<see cref="Figure.SourcePhrase"/>)
/// and each revision cites the report (its title and source key, the file name and the text's SHA-256).
/// </summary>
public sealed class ReportImport(
    IDbContextFactory<DashboardDbContext> contexts,
    IOptions<EditingOptions> options,
    TimeProvider time,
    FigureEditor editor,
    FigureChangeNotifier notifier)
{
    /// <summary>What a revision names as the "file" when the report was pasted rather than uploaded.</summary>
    public const string PastedText = "pasted report text";

    /// <summary>Longest report text read: ten times a long situation report.</summary>
    public const int MaxTextLength = 1_000_000;

    /// <summary>The candidates in <paramref name="text"/>, codes from the store; relative dates resolved against <paramref name="published"/>.</summary>
    public async Task<ReportDraft> ExtractAsync(string text, DateOnly? published, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var vocabulary = await ExtractionVocabulary.FromStoreAsync(db, options.Value.EarliestReferenceDate, cancellationToken);
        var figures = vocabulary is null ? [] : new FigureExtractor(vocabulary).Extract(text, published);
        var candidates = figures.Select((f, i) => ReportCandidate.From(f, i + 1)).ToList();
        return new ReportDraft(text, published, TitleOf(text), candidates);
    }

    /// <summary>The report's first line, as a starting point for a new source's title.</summary>
    public static string TitleOf(string text)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length <= 200 ? line : line[..200].TrimEnd() + "…";
    }

    /// <summary>
    /// Existing sources the report may be, best first: the same address first, then a similar title published the
    /// same day, then a very similar title. Empty when nothing is close.
    /// </summary>
    public async Task<IReadOnlyList<SourceSuggestion>> SuggestSourcesAsync(string? url, string? title, DateOnly? published, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sources = await db.Sources.AsNoTracking()
            .Select(s => new { s.Id, s.Key, s.Title, s.Publisher, s.Published, s.Url })
            .ToListAsync(cancellationToken);
        var address = NormalizeUrl(url);
        var words = Words(title);
        var suggestions = new List<SourceSuggestion>();
        foreach (var s in sources)
        {
            var similarity = Similarity(words, Words(s.Title));
            var percent = similarity.ToString("P0", CultureInfo.InvariantCulture);
            (string Reason, double Score)? match =
                address is not null && address == NormalizeUrl(s.Url) ? ("same address", 1.0)
                : published is not null && s.Published == published && similarity >= 0.5 ? ($"similar title ({percent} of words), same publication date", 0.5 + (similarity / 2.5))
                : similarity >= 0.75 ? ($"similar title ({percent} of words)", similarity * 0.6)
                : null;
            if (match is { } m)
            {
                suggestions.Add(new SourceSuggestion(s.Id, s.Key, s.Title, s.Publisher, s.Published, s.Url, m.Reason, m.Score));
            }
        }

        return suggestions.OrderByDescending(s => s.Score).ThenByDescending(s => s.Id).Take(5).ToList();
    }

    /// <summary>
    /// For every candidate not rejected: the stored figures it repeats (same metric, place, date, time, value and
    /// source <paramref name="sourceId"/>) and those it contradicts (same metric, place and date from another source,
    /// with a different value). With a new source (<paramref name="sourceId"/> null) nothing is a duplicate.
    /// </summary>
    public async Task<IReadOnlyList<CandidateFlags>> CheckAsync(IReadOnlyList<ReportCandidate> candidates, int? sourceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var open = candidates.Where(c => c.Decision != CandidateDecision.Rejected && c.MetricCode.Length > 0 && c.LocationCode.Length > 0 && c.Date is not null).ToList();
        if (open.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var decimals = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Decimals, cancellationToken);
        var metrics = open.Select(c => c.MetricCode).Distinct().ToList();
        var days = open.Select(c => c.Date!.Value).Distinct().ToList();
        var stored = await db.Figures.AsNoTracking()
            .Where(f => !f.IsRetracted && metrics.Contains(f.Metric.Code) && days.Contains(f.ReferenceDate))
            .Select(f => new
            {
                f.Id,
                Metric = f.Metric.Code,
                Location = f.Location.Code,
                f.ReferenceDate,
                f.LocalTime,
                f.Value,
                f.UnitCode,
                f.Unit.Decimals,
                f.Qualifier,
                f.SourceId,
                SourceKey = f.Source.Key,
                SourceTitle = f.Source.Title,
            })
            .ToListAsync(cancellationToken);

        var flags = new List<CandidateFlags>();
        foreach (var c in open)
        {
            if (!decimals.TryGetValue(c.UnitCode, out var scale) || !ScaledValue.TryParse(c.ValueText, scale, out var value, out _))
            {
                continue;
            }

            var same = stored.Where(f => f.Metric == c.MetricCode && f.Location == c.LocationCode && f.ReferenceDate == c.Date).ToList();
            var duplicates = same
                .Where(f => sourceId is { } s && f.SourceId == s && f.LocalTime == c.Time && f.Value == value && f.UnitCode == c.UnitCode)
                .Select(f => new StoredFigureRef(f.Id, ScaledValue.ToInvariant(f.Value, f.Decimals) + " " + f.UnitCode, f.Qualifier, f.ReferenceDate, f.LocalTime, f.SourceId, f.SourceKey, f.SourceTitle))
                .ToList();
            var conflicts = same
                .Where(f => f.SourceId != sourceId && (f.Value != value || f.UnitCode != c.UnitCode))
                .Select(f => new StoredFigureRef(f.Id, ScaledValue.ToInvariant(f.Value, f.Decimals) + " " + f.UnitCode, f.Qualifier, f.ReferenceDate, f.LocalTime, f.SourceId, f.SourceKey, f.SourceTitle))
                .ToList();
            if (duplicates.Count > 0 || conflicts.Count > 0)
            {
                flags.Add(new CandidateFlags(c.Number, duplicates, conflicts));
            }
        }

        return flags;
    }

    /// <summary>
    /// Writes the accepted and edited candidates as figures, and the new source if there is one, in one transaction.
    /// Refused as a whole, with every reason, when the source or any taken candidate fails a check, when a taken
    /// candidate is already in the store, or when two taken candidates are the same figure.
    /// </summary>
    public async Task<ReportCommitResult> CommitAsync(ClaimsPrincipal user, ReportCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the whole operation: EF would otherwise open and close it around every query.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var errors = new List<ReportError>();
        var latest = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(options.Value.MaxDaysInFuture);

        string? sourceKey = null;
        string sourceTitle = "";
        if (commit.Source.SourceId is { } sourceId)
        {
            var existing = await db.Sources.AsNoTracking().Where(s => s.Id == sourceId).Select(s => new { s.Key, s.Title }).SingleOrDefaultAsync(cancellationToken);
            if (existing is null)
            {
                errors.Add(new ReportError(null, "Source", "The source picked for the report no longer exists; pick another or describe a new one."));
            }
            else
            {
                (sourceKey, sourceTitle) = (existing.Key, existing.Title);
            }
        }
        else if (commit.Source.NewSource is { } newSource)
        {
            errors.AddRange(SourceEditor.Validate(newSource, options.Value.EarliestReferenceDate, latest)
                .Select(e => new ReportError(null, "Source." + e.Field, "The new source: " + e.Message)));
            sourceTitle = newSource.Title.Trim();
        }
        else
        {
            errors.Add(new ReportError(null, "Source", "Say which source the report is: pick a suggested one or describe it as a new source."));
        }

        if (commit.Text.Length > MaxTextLength)
        {
            errors.Add(new ReportError(null, "Text", $"The report text is {commit.Text.Length:N0} characters; up to {MaxTextLength:N0} are read."));
        }

        var taken = commit.Candidates.Where(c => c.IsTaken).OrderBy(c => c.Number).ToList();
        if (taken.Count == 0)
        {
            errors.Add(new ReportError(null, "Candidates", "Accept at least one candidate: there is nothing to commit."));
        }

        var valid = new List<(ReportCandidate Candidate, FigureInput Input, FigureEditor.ValidValues Values)>();
        foreach (var c in taken)
        {
            var input = InputOf(c, commit.Source);
            var (values, fieldErrors) = await editor.ValidateAsync(db, input, null, cancellationToken);
            // The source's own problems are reported once above, not once per candidate.
            foreach (var e in fieldErrors.Where(e => e.Field != nameof(FigureInput.SourceId) && !e.Field.StartsWith("NewSource.", StringComparison.Ordinal)))
            {
                errors.Add(new ReportError(c.Number, e.Field, $"{Name(c)}: {e.Message}"));
            }

            if (values is null)
            {
                continue;
            }

            foreach (var id in await FigureEditor.DuplicatesAsync(db, values, input, null, cancellationToken))
            {
                errors.Add(new ReportError(c.Number, "Duplicate",
                    $"{Name(c)} is already in the store as figure {id.ToString(CultureInfo.InvariantCulture)} (same metric, place, date, time, value and source): reject it."));
            }

            if (valid.FirstOrDefault(v => v.Values.MetricId == values.MetricId && v.Values.LocationId == values.LocationId && v.Values.Value == values.Value
                                          && v.Input.Date == input.Date && v.Input.Time == input.Time && v.Input.UnitCode == input.UnitCode) is { Candidate: { } first })
            {
                errors.Add(new ReportError(c.Number, "Duplicate", $"{Name(c)} is the same figure as candidate {first.Number.ToString(CultureInfo.InvariantCulture)}: reject one of them."));
            }

            valid.Add((c, input, values));
        }

        if (errors.Count > 0)
        {
            return new ReportCommitResult(ReportCommitStatus.Invalid, null, [], errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var file = string.IsNullOrWhiteSpace(commit.FileName) ? PastedText : Path.GetFileName(commit.FileName.Trim());
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(commit.Text)));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        int finalSourceId;
        if (commit.Source.SourceId is { } chosen)
        {
            finalSourceId = chosen;
        }
        else
        {
            var added = await SourceEditor.AddAsync(db, commit.Source.NewSource!, userName, now, cancellationToken);
            (finalSourceId, sourceKey) = (added.Id, added.Key);
        }

        var figures = valid.Select(v => (v.Candidate, v.Input, Figure: new Figure
        {
            MetricId = v.Values.MetricId,
            LocationId = v.Values.LocationId,
            ReferenceDate = v.Input.Date!.Value,
            LocalTime = v.Input.Time,
            Value = v.Values.Value,
            UnitCode = v.Input.UnitCode,
            Qualifier = v.Input.Qualifier,
            SourceId = finalSourceId,
            SourcePhrase = v.Input.SourcePhrase,
            Version = 1,
            UpdatedAtUtc = now,
            UpdatedBy = userName,
        })).ToList();
        db.Figures.AddRange(figures.Select(f => f.Figure));
        await db.SaveChangesAsync(cancellationToken);
        db.Revisions.AddRange(figures.Select(f => RevisionLog.Create(
            RevisionLog.FigureType, f.Figure.Id, 1, RevisionKind.Created, userName, now, null,
            FigureSnapshot.Of(f.Figure, f.Input.MetricCode, f.Input.LocationCode, sourceKey!),
            Reason(f.Candidate, sourceTitle, sourceKey!), file, sha256)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notifier.NotifyAsync();
        return new ReportCommitResult(ReportCommitStatus.Committed, finalSourceId, figures.Select(f => f.Figure.Id).ToList(), []);
    }

    private static FigureInput InputOf(ReportCandidate c, ReportSourceChoice source) => new()
    {
        MetricCode = c.MetricCode,
        LocationCode = c.LocationCode,
        Date = c.Date,
        Time = c.Time,
        ValueText = c.ValueText.Trim(),
        UnitCode = c.UnitCode,
        Qualifier = c.Qualifier,
        SourceId = source.SourceId,
        NewSource = source.SourceId is null ? source.NewSource : null,
        SourcePhrase = c.Phrase,
        LowerTotalReason = c.LowerTotalReason,
    };

    private static string Name(ReportCandidate c) => $"Candidate {c.Number.ToString(CultureInfo.InvariantCulture)} (\u201C{Shorten(c.Phrase)}\u201D)";

    private static string Shorten(string phrase) => phrase.Length <= 60 ? phrase : phrase[..60].TrimEnd() + "…";

    private static string Reason(ReportCandidate c, string title, string key)
    {
        var reason = $"From the report \u201C{Shorten(title)}\u201D ({key}), candidate {c.Number.ToString(CultureInfo.InvariantCulture)}{(c.Decision == CandidateDecision.Edited ? ", edited in review" : "")}";
        return string.IsNullOrWhiteSpace(c.LowerTotalReason) ? reason : $"{reason}; lower than an earlier total: {c.LowerTotalReason.Trim()}";
    }

    /// <summary>Host without "www.", path without a trailing slash, query kept; scheme and case of the host ignored.</summary>
    internal static string? NormalizeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        host = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        return host + uri.AbsolutePath.TrimEnd('/') + uri.Query;
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal) { "the", "of", "and", "in", "on", "to", "for", "a", "an", "at", "by", "no", "with" };

    private static HashSet<string> Words(string? text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }

        var word = new StringBuilder();
        foreach (var ch in text.ToLowerInvariant().Append(' '))
        {
            if (char.IsLetterOrDigit(ch))
            {
                word.Append(ch);
                continue;
            }

            if (word.Length > 0 && !StopWords.Contains(word.ToString()))
            {
                words.Add(word.ToString());
            }

            word.Clear();
        }

        return words;
    }

    /// <summary>Dice's coefficient over the titles' words: 1 for the same words, 0 for none in common.</summary>
    private static double Similarity(HashSet<string> a, HashSet<string> b) =>
        a.Count + b.Count == 0 ? 0 : 2.0 * a.Count(b.Contains) / (a.Count + b.Count);
}
