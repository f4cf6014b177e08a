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
    Plausibility plausibility,
    FigureChangeNotifier notifier)
{
    /// <summary>What a revision names as the "file" when the report was pasted rather than uploaded.</summary>
    public const string PastedText = "pasted report text";

    /// <summary>Longest report text read: ten times a long situation report.</summary>
    public const int MaxTextLength = 1_000_000;

    /// <summary>
    /// What the plausibility check takes as the key of a source not written yet, so the report's own running totals
    /// count as one source's (no stored source has it: keys are letters and digits).
    /// </summary>
    private const string NewSourceKey = "(new source)";

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
    /// source <paramref name="sourceId"/>, as the commit refuses them), those it contradicts (same metric, place, date
    /// and time from another source, with a different value), and its plausibility warnings. The taken candidates are
    /// checked as the commit checks them, neighbours of each other; a candidate not decided yet as if it were taken too.
    /// With a new source (<paramref name="sourceId"/> null, titled <paramref name="newSourceTitle"/>) nothing is a
    /// duplicate. A candidate whose time is not a time (<see cref="ReportCandidate.InvalidTimeText"/>) is not checked.
    /// </summary>
    public async Task<IReadOnlyList<CandidateFlags>> CheckAsync(IReadOnlyList<ReportCandidate> candidates, int? sourceId, string? newSourceTitle = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var open = candidates.Where(c => c.Decision != CandidateDecision.Rejected && c.InvalidTimeText is null && c.MetricCode.Length > 0 && c.LocationCode.Length > 0 && c.Date is not null).ToList();
        if (open.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var decimals = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Decimals, cancellationToken);
        var checkable = new List<Checked>();
        foreach (var c in open)
        {
            if (decimals.TryGetValue(c.UnitCode, out var scale) && ScaledValue.TryParse(c.ValueText, scale, out var value, out _))
            {
                checkable.Add(new Checked(c, value, scale));
            }
        }

        if (checkable.Count == 0)
        {
            return [];
        }

        var metrics = checkable.Select(c => c.Candidate.MetricCode).Distinct().ToList();
        var days = checkable.Select(c => c.Candidate.Date!.Value).Distinct().ToList();
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
        var source = sourceId is { } id
            ? await db.Sources.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Key, s.Title }).SingleOrDefaultAsync(cancellationToken)
            : null;
        var taken = checkable.Where(c => c.Candidate.IsTaken).ToList();
        var warnings = (await WarningsAsync(db, taken, source?.Key ?? NewSourceKey, source?.Title ?? newSourceTitle ?? "", cancellationToken)).ToList();
        if (taken.Count < checkable.Count)
        {
            var undecided = checkable.Where(c => !c.Candidate.IsTaken).Select(c => c.Candidate.Number).ToHashSet();
            warnings.AddRange((await WarningsAsync(db, checkable, source?.Key ?? NewSourceKey, source?.Title ?? newSourceTitle ?? "", cancellationToken))
                .Where(w => undecided.Contains(w.Key)));
        }

        var warningsOf = warnings.ToLookup(w => w.Key);
        var flags = new List<CandidateFlags>();
        foreach (var (c, value, _) in checkable)
        {
            // The same moment: a figure of 09:00 and one of 18:00 neither repeat nor contradict each other.
            var same = stored.Where(f => f.Metric == c.MetricCode && f.Location == c.LocationCode && f.ReferenceDate == c.Date && f.LocalTime == c.Time).ToList();
            // The unit is not compared, as FigureEditor.DuplicatesAsync, which the commit asks, does not compare it.
            var duplicates = same
                .Where(f => sourceId is { } s && f.SourceId == s && f.Value == value)
                .Select(f => new StoredFigureRef(f.Id, ScaledValue.ToInvariant(f.Value, f.Decimals) + " " + f.UnitCode, f.Qualifier, f.ReferenceDate, f.LocalTime, f.SourceId, f.SourceKey, f.SourceTitle))
                .ToList();
            var conflicts = same
                .Where(f => f.SourceId != sourceId && (f.Value != value || f.UnitCode != c.UnitCode))
                .Select(f => new StoredFigureRef(f.Id, ScaledValue.ToInvariant(f.Value, f.Decimals) + " " + f.UnitCode, f.Qualifier, f.ReferenceDate, f.LocalTime, f.SourceId, f.SourceKey, f.SourceTitle))
                .ToList();
            var candidateWarnings = warningsOf[c.Number].ToList();
            if (duplicates.Count > 0 || conflicts.Count > 0 || candidateWarnings.Count > 0)
            {
                flags.Add(new CandidateFlags(c.Number, duplicates, conflicts, candidateWarnings));
            }
        }

        return flags;
    }

    /// <summary>A candidate with its value in the unit's scale, as the plausibility check needs it.</summary>
    private sealed record Checked(ReportCandidate Candidate, long Value, int Decimals);

    /// <summary>
    /// The plausibility warnings of <paramref name="candidates"/>, checked against the store and against each other
    /// (<see cref="Plausibility"/>); <see cref="PlausibilityWarning.Key"/> is the candidate's number.
    /// </summary>
    private async Task<IReadOnlyList<PlausibilityWarning>> WarningsAsync(DashboardDbContext db, IReadOnlyList<Checked> candidates, string sourceKey, string sourceTitle, CancellationToken cancellationToken) =>
        await plausibility.CheckAsync(
            db,
            candidates.Select(c => new PlausibilityCandidate(c.Candidate.Number, c.Candidate.MetricCode, c.Candidate.LocationCode, c.Candidate.UnitCode, c.Decimals,
                c.Candidate.Date!.Value, c.Candidate.Time, c.Value, sourceKey, sourceTitle, null, c.Candidate.Qualifier)).ToList(),
            number => "candidate " + number.ToString(CultureInfo.InvariantCulture) + " of this report",
            cancellationToken);

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
            if (c.InvalidTimeText is { } timeText)
            {
                errors.Add(new ReportError(c.Number, nameof(FigureInput.Time), $"{Name(c)}: {ReportCandidate.TimeMessage(timeText)}"));
            }

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

        var warnings = await WarningsAsync(db, valid.Select(v => new Checked(v.Candidate, v.Values.Value, v.Values.Decimals)).ToList(), sourceKey ?? NewSourceKey, sourceTitle, cancellationToken);
        if (warnings.Count > 0 && string.IsNullOrWhiteSpace(commit.WarningReason))
        {
            var warned = warnings.Select(w => w.Key).Distinct().Count();
            return new ReportCommitResult(ReportCommitStatus.NeedsReason, null, [],
                [new ReportError(null, nameof(ReportCommit.WarningReason),
                    $"{warned.ToString(CultureInfo.InvariantCulture)} accepted {(warned == 1 ? "candidate has" : "candidates have")} plausibility warnings (shown on {(warned == 1 ? "it" : "them")}). Check them, then correct them, or say why they are right as they are and commit again.")])
            {
                Warnings = warnings,
            };
        }

        var warningsOf = warnings.ToLookup(w => w.Key);

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
            RevisionReason(f.Candidate, sourceTitle, sourceKey!, commit.WarningReason, warningsOf[f.Candidate.Number]), file, sha256)));
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
    };

    private static string Name(ReportCandidate c) => $"Candidate {c.Number.ToString(CultureInfo.InvariantCulture)} (\u201C{Shorten(c.Phrase)}\u201D)";

    private static string Shorten(string phrase) => phrase.Length <= 60 ? phrase : phrase[..60].TrimEnd() + "…";

    /// <summary>The revision's reason: the report and the candidate, and for a warned candidate the reason it was taken past its warnings.</summary>
    private static string RevisionReason(ReportCandidate c, string title, string key, string? warningReason, IEnumerable<PlausibilityWarning> warnings)
    {
        var reason = $"From the report \u201C{Shorten(title)}\u201D ({key}), candidate {c.Number.ToString(CultureInfo.InvariantCulture)}{(c.Decision == CandidateDecision.Edited ? ", edited in review" : "")}";
        var accepted = warnings.Select(w => w.Message).ToList();
        return accepted.Count == 0 ? reason : Plausibility.ReasonText(reason, warningReason!, accepted);
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
