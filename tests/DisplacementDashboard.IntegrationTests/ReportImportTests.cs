using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// The extraction review's service (<see cref="ReportImport"/>) against the real, seeded SQLite store;
/// <see cref="ReportImportTestsOnPostgres"/> runs the same tests on PostgreSQL.
/// </summary>
public class ReportImportTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly DateOnly Published = new(2023, 10, 5);

    private ReportImport Reports => factory.Services.GetRequiredService<ReportImport>();

    /// <summary>Three figures: arrivals at 20:00 on 4 October, 42,500 housed in Syunik, "more than 1,200 people" in Goris (no metric).</summary>
    private static string Report(int arrivals = 100625, string title = "Government of Armenia: briefing on forcibly displaced persons, 5 October 2023") =>
        $"{title}\n\nAs of 8:00 pm on 4 October, {arrivals.ToString("N0", CultureInfo.InvariantCulture)} forcibly displaced persons had entered Armenia from Nagorno-Karabakh. "
        + "Some 42,500 were housed in Syunik. More than 1,200 people were staying in Goris.\n";

    private static SourceInput NewSource(string title, string? url = null) => new()
    {
        Title = title,
        Publisher = "Government of Armenia",
        Published = Published,
        Url = url,
        Kind = SourceKind.Government,
    };

    [Fact]
    public async Task Extract_ProposesTheStoresCodes_WithPhrasesAtTheirPlaceInTheText_AndATitleFromTheFirstLine()
    {
        var text = Report();

        var draft = await Reports.ExtractAsync(text, Published);

        Assert.Equal("Government of Armenia: briefing on forcibly displaced persons, 5 October 2023", draft.SuggestedTitle);
        Assert.Equal([1, 2, 3], draft.Candidates.Select(c => c.Number));
        Assert.All(draft.Candidates, c => Assert.Equal(c.Phrase, text.Substring(c.Start, c.Length)));
        var arrivals = draft.Candidates[0];
        Assert.Equal(("cumulative_arrivals_in_armenia", "AM", "100625", "people"), (arrivals.MetricCode, arrivals.LocationCode, arrivals.ValueText, arrivals.UnitCode));
        Assert.Equal((new DateOnly(2023, 10, 4), new TimeOnly(20, 0)), (arrivals.Date!.Value, arrivals.Time!.Value));
        Assert.All(draft.Candidates, c => Assert.Equal(CandidateDecision.Open, c.Decision));
    }

    [Fact]
    public async Task Commit_WritesAcceptedAndEditedCandidatesAndTheNewSource_InOneGo_WithPhrasesAndRevisionsCitingTheReport()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-commit@example.org", StaffRoles.Editor);
        var text = Report(100631, "Briefing A on forcibly displaced persons");
        var draft = await Reports.ExtractAsync(text, Published);
        draft.Candidates[0].Decision = CandidateDecision.Accepted;
        draft.Candidates[1].Decision = CandidateDecision.Edited;
        draft.Candidates[1].ValueText = "42600";
        draft.Candidates[2].Decision = CandidateDecision.Rejected;
        await using var db = factory.CreateContext();
        var figuresBefore = await db.Figures.CountAsync();

        // 42,600 housed in Syunik is more than five times the seed's 2,050 there: warned (the warnings have tests of their own below).
        var result = await Reports.CommitAsync(editor, new ReportCommit(text, "briefing-a.txt", new ReportSourceChoice { NewSource = NewSource("Briefing A on forcibly displaced persons") }, draft.Candidates, "test report"));

        Assert.Equal(ReportCommitStatus.Committed, result.Status);
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.FigureIds.Count);
        Assert.Equal(figuresBefore + 2, await db.Figures.CountAsync());
        var source = await db.Sources.AsNoTracking().SingleAsync(s => s.Id == result.SourceId);
        Assert.Equal(("Briefing A on forcibly displaced persons", "Government of Armenia", Published), (source.Title, source.Publisher, source.Published!.Value));
        var stored = await db.Figures.AsNoTracking().Where(f => result.FigureIds.Contains(f.Id)).OrderBy(f => f.Id)
            .Select(f => new { f.Value, f.SourceId, f.SourcePhrase, Metric = f.Metric.Code, Location = f.Location.Code, f.LocalTime, f.Qualifier }).ToListAsync();
        Assert.Equal([100631L, 42600L], stored.Select(f => f.Value));
        Assert.All(stored, f => Assert.Equal(source.Id, f.SourceId));
        Assert.Equal(["100,631 forcibly displaced persons", "Some 42,500"], stored.Select(f => f.SourcePhrase));
        Assert.Equal(Qualifier.Approximate, stored[1].Qualifier);
        Assert.Equal(new TimeOnly(20, 0), stored[0].LocalTime);

        var revisions = await db.Revisions.AsNoTracking().Where(r => r.EntityType == RevisionLog.FigureType && result.FigureIds.Contains(r.EntityId)).OrderBy(r => r.EntityId).ToListAsync();
        Assert.Equal(2, revisions.Count);
        Assert.All(revisions, r => Assert.Equal(("briefing-a.txt", 64), (r.ImportFile!, r.ImportSha256!.Length)));
        Assert.Equal($"From the report \u201CBriefing A on forcibly displaced persons\u201D ({source.Key}), candidate 1", revisions[0].Reason);
        Assert.Contains("candidate 2, edited in review. Saved past plausibility warnings: test report (accepted: ", revisions[1].Reason, StringComparison.Ordinal);
        Assert.Equal("Some 42,500", RevisionLog.Read<FigureSnapshot>(revisions[1].NewValues).SourcePhrase);
        Assert.Equal(1, await db.Revisions.CountAsync(r => r.EntityType == RevisionLog.SourceType && r.EntityId == source.Id));
    }

    [Fact]
    public async Task Commit_WithOneBadCandidate_WritesNothing_AndNamesEachCandidateAndField()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-refused@example.org", StaffRoles.Editor);
        var text = Report(100632, "Briefing B on forcibly displaced persons");
        var draft = await Reports.ExtractAsync(text, Published);
        foreach (var c in draft.Candidates)
        {
            c.Decision = CandidateDecision.Accepted;
        }

        draft.Candidates[1].ValueText = "42,5OO";
        await using var db = factory.CreateContext();
        var (figures, sources, revisions) = (await db.Figures.CountAsync(), await db.Sources.CountAsync(), await db.Revisions.CountAsync());

        var result = await Reports.CommitAsync(editor, new ReportCommit(text, null, new ReportSourceChoice { NewSource = NewSource("Briefing B on forcibly displaced persons") }, draft.Candidates));

        Assert.Equal(ReportCommitStatus.Invalid, result.Status);
        Assert.Empty(result.FigureIds);
        Assert.Contains(result.Errors, e => e is { Candidate: 2, Field: nameof(FigureInput.ValueText) } && e.Message.StartsWith("Candidate 2 (\u201CSome 42,500\u201D): The value", StringComparison.Ordinal));
        // The third candidate ("More than 1,200 people") has no metric.
        Assert.Contains(result.Errors, e => e is { Candidate: 3, Field: nameof(FigureInput.MetricCode) } && e.Message.Contains("Choose what the figure measures", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, e => e.Candidate == 1);
        Assert.Equal((figures, sources, revisions), (await db.Figures.CountAsync(), await db.Sources.CountAsync(), await db.Revisions.CountAsync()));
    }

    [Fact]
    public async Task Commit_WithABadNewSource_OrNothingAccepted_IsRefusedOnce_NotPerCandidate()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-source@example.org", StaffRoles.Editor);
        var text = Report(100633);
        var draft = await Reports.ExtractAsync(text, Published);
        draft.Candidates[0].Decision = CandidateDecision.Accepted;
        var bad = NewSource("", "ftp://example.org/report");

        var result = await Reports.CommitAsync(editor, new ReportCommit(text, null, new ReportSourceChoice { NewSource = bad }, draft.Candidates));
        foreach (var c in draft.Candidates)
        {
            c.Decision = CandidateDecision.Rejected;
        }

        var none = await Reports.CommitAsync(editor, new ReportCommit(text, null, new ReportSourceChoice { NewSource = NewSource("Briefing C") }, draft.Candidates));

        Assert.Equal(ReportCommitStatus.Invalid, result.Status);
        Assert.Equal(["Source.Title", "Source.Url"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(result.Errors, e => Assert.Null(e.Candidate));
        Assert.Equal(ReportCommitStatus.Invalid, none.Status);
        Assert.Equal("Candidates", Assert.Single(none.Errors).Field);
    }

    [Fact]
    public async Task Candidate_DatedAfterTheNewSourcesPublication_IsRefusedOnItsDate()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-late@example.org", StaffRoles.Editor);
        var text = Report(100636);
        var draft = await Reports.ExtractAsync(text, Published);
        draft.Candidates[0].Decision = CandidateDecision.Edited;
        draft.Candidates[0].Date = Published.AddDays(3);

        var result = await Reports.CommitAsync(editor, new ReportCommit(text, null, new ReportSourceChoice { NewSource = NewSource("Briefing F") }, draft.Candidates));

        Assert.Equal(ReportCommitStatus.Invalid, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal((1, nameof(FigureInput.Date)), (error.Candidate!.Value, error.Field));
        Assert.StartsWith("Candidate 1 (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondCommitOfTheSameReport_FlagsTheDuplicates_AndRefusesThem()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-twice@example.org", StaffRoles.Editor);
        var text = Report(100634, "Briefing D on forcibly displaced persons");
        var first = await Reports.ExtractAsync(text, Published);
        first.Candidates[0].Decision = CandidateDecision.Accepted;
        first.Candidates[1].Decision = CandidateDecision.Accepted;
        var committed = await Reports.CommitAsync(editor, new ReportCommit(text, null, new ReportSourceChoice { NewSource = NewSource("Briefing D on forcibly displaced persons") }, first.Candidates, "test report"));
        Assert.Equal(ReportCommitStatus.Committed, committed.Status);

        var again = await Reports.ExtractAsync(text, Published);
        var flags = await Reports.CheckAsync(again.Candidates, committed.SourceId);
        again.Candidates[0].Decision = CandidateDecision.Accepted;
        var refused = await Reports.CommitAsync(editor, new ReportCommit(text, null, new ReportSourceChoice { SourceId = committed.SourceId }, again.Candidates));

        Assert.Equal([1, 2], flags.Where(f => f.IsDuplicate).Select(f => f.Number));
        Assert.Equal(committed.FigureIds, flags.Where(f => f.IsDuplicate).Select(f => Assert.Single(f.Duplicates).Id));
        Assert.Equal("100634 people", flags[0].Duplicates[0].ValueText);
        Assert.Equal(ReportCommitStatus.Invalid, refused.Status);
        var error = Assert.Single(refused.Errors);
        Assert.Equal((1, "Duplicate"), (error.Candidate!.Value, error.Field));
        Assert.Contains($"already in the store as figure {committed.FigureIds[0]}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Candidate_ContradictingAnotherSourcesFigure_IsFlaggedWithTheStoredFigure()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-conflict@example.org", StaffRoles.Editor);
        var other = await factory.Services.GetRequiredService<SourceEditor>().CreateAsync(editor, new SourceInput { Title = "Another count of arrivals, 12 October", Publisher = "UNHCR", Published = new DateOnly(2023, 10, 12) });
        var stored = await factory.Services.GetRequiredService<FigureEditor>().CreateAsync(editor, new FigureInput
        {
            MetricCode = "cumulative_arrivals_in_armenia",
            LocationCode = "AM",
            Date = new DateOnly(2023, 10, 12),
            Time = new TimeOnly(9, 0),
            ValueText = "100700",
            UnitCode = "people",
            SourceId = other.Id,
            // Saved past any plausibility warning against the seed: this test is not about them (PlausibilityTests).
            WarningReason = "test figure",
        }, confirmDuplicate: true);
        var text = "As of 12 October, 100,650 forcibly displaced persons had entered Armenia.\n";
        var draft = await Reports.ExtractAsync(text, new DateOnly(2023, 10, 12));
        // Only a figure of the same moment contradicts it (ReviewFlags_CompareTheTime has one of another moment).
        draft.Candidates[0].Time = new TimeOnly(9, 0);

        var flags = await Reports.CheckAsync(draft.Candidates, sourceId: null);

        var flag = Assert.Single(flags);
        Assert.False(flag.IsDuplicate);
        var conflict = Assert.Single(flag.Conflicts, c => c.Id == stored.Id);
        Assert.Equal(("100700 people", other.Id!.Value, new TimeOnly(9, 0)), (conflict.ValueText, conflict.SourceId, conflict.Time!.Value));
    }

    [Fact]
    public async Task SourceSuggestions_PutTheSameAddressFirst_ThenASimilarTitlePublishedTheSameDay()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-suggest@example.org", StaffRoles.Editor);
        var sources = factory.Services.GetRequiredService<SourceEditor>();
        var byUrl = await sources.CreateAsync(editor, NewSource("Something else entirely", "https://www.gov.example/briefings/2023-10-05/"));
        var byTitle = await sources.CreateAsync(editor, NewSource("Briefing on forcibly displaced persons, 5 October 2023"));

        var suggested = await Reports.SuggestSourcesAsync("http://gov.example/briefings/2023-10-05", "Government briefing on the forcibly displaced persons (5 October 2023)", Published);
        var titleOnly = await Reports.SuggestSourcesAsync(null, "Government briefing on the forcibly displaced persons (5 October 2023)", Published);
        var otherDay = await Reports.SuggestSourcesAsync(null, "Government briefing on the forcibly displaced persons (5 October 2023)", new DateOnly(2023, 11, 1));

        Assert.Equal(byUrl.Id, suggested[0].Id);
        Assert.Equal("same address", suggested[0].Reason);
        Assert.Equal(byTitle.Id, suggested[1].Id);
        Assert.Equal(byTitle.Id, titleOnly[0].Id);
        Assert.Contains("same publication date", titleOnly[0].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(otherDay, s => s.Id == byTitle.Id && s.Reason.Contains("same publication date", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Commit_ByAReaderWithoutTheEditorRole_IsRefused_AndWritesNothing()
    {
        var reader = await Staff.CreateAsync(factory.Services, "review-reader@example.org");
        var text = Report(100635);
        var draft = await Reports.ExtractAsync(text, Published);
        draft.Candidates[0].Decision = CandidateDecision.Accepted;
        await using var db = factory.CreateContext();
        var figures = await db.Figures.CountAsync();

        await Assert.ThrowsAsync<NotAuthorizedException>(() => Reports.CommitAsync(reader, new ReportCommit(text, null, new ReportSourceChoice { NewSource = NewSource("Briefing E") }, draft.Candidates)));

        Assert.Equal(figures, await db.Figures.CountAsync());
    }

    /// <summary>A candidate as the review page holds it, without the extractor: the tests choose metric, place and moment.</summary>
    private static ReportCandidate Candidate(int number, string metric, string location, DateOnly date, TimeOnly? time, string value, CandidateDecision decision = CandidateDecision.Accepted) => new()
    {
        Number = number,
        Phrase = $"phrase {number.ToString(CultureInfo.InvariantCulture)}",
        MetricCode = metric,
        LocationCode = location,
        Date = date,
        Time = time,
        ValueText = value,
        UnitCode = "people",
        Decision = decision,
    };

    private async Task<(int Figures, int Sources, int Revisions)> CountsAsync()
    {
        await using var db = factory.CreateContext();
        return (await db.Figures.CountAsync(), await db.Sources.CountAsync(), await db.Revisions.CountAsync());
    }

    [Fact]
    public async Task RunningTotalsOfTheReport_WarnAboutEachOther_AndAgainstTheStore_NamingTheFigureOrCandidate()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-warn-check@example.org", StaffRoles.Editor);
        // Yerevan has no accommodation figures in the seed: one stored here by another source, then the report's.
        var other = await factory.Services.GetRequiredService<SourceEditor>().CreateAsync(editor, new SourceInput { Title = "Yerevan accommodation count", Publisher = "Municipality", Published = new DateOnly(2023, 10, 1) });
        var stored = await factory.Services.GetRequiredService<FigureEditor>().CreateAsync(editor, new FigureInput
        {
            MetricCode = "state_provided_accommodation_by_marz",
            LocationCode = "AM-ER",
            Date = new DateOnly(2023, 10, 1),
            ValueText = "3000",
            UnitCode = "people",
            SourceId = other.Id,
        }, confirmDuplicate: false);
        Assert.Equal(EditStatus.Saved, stored.Status);
        var candidates = new[]
        {
            Candidate(1, "state_provided_accommodation_by_marz", "AM-ER", new DateOnly(2023, 10, 2), null, "42500"),
            Candidate(2, "state_provided_accommodation_by_marz", "AM-ER", new DateOnly(2023, 10, 3), null, "4250", CandidateDecision.Open),
            Candidate(3, "arrivals_on_day", "AM-ER", new DateOnly(2023, 10, 2), null, "25000"),
        };

        var flags = (await Reports.CheckAsync(candidates, null, "Yerevan briefing")).ToDictionary(f => f.Number);
        candidates[1].Decision = CandidateDecision.Accepted;
        var bothTaken = (await Reports.CheckAsync(candidates, null, "Yerevan briefing")).ToDictionary(f => f.Number);
        candidates[1].Decision = CandidateDecision.Rejected;
        var rejected = await Reports.CheckAsync(candidates, null, "Yerevan briefing");

        // 42,500 is 14.2 times the stored 3,000 of the day before. The undecided 4,250 is checked as if taken (below the
        // report's earlier 42,500), but bounds the taken ones only once taken itself, as at the commit.
        Assert.Equal([1, 2], flags.Values.Where(f => f.HasWarnings).Select(f => f.Number).Order());
        Assert.Equal([PlausibilityRule.Jump], flags[1].Warnings.Select(w => w.Rule));
        Assert.Contains($"from \u201CYerevan accommodation count\u201D (figure {stored.Id})", flags[1].Warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains(flags[2].Warnings, w => w.Rule == PlausibilityRule.BelowEarlier
            && w.Message.Contains("lower than the earlier 42,500 people on 2023-10-02 from \u201CYerevan briefing\u201D (candidate 1 of this report)", StringComparison.Ordinal));
        Assert.False(flags.ContainsKey(3));
        Assert.Equal([PlausibilityRule.AboveLater, PlausibilityRule.Jump], bothTaken[1].Warnings.Select(w => w.Rule));
        Assert.Contains("higher than the later 4,250 people on 2023-10-03 from \u201CYerevan briefing\u201D (candidate 2 of this report)", bothTaken[1].Warnings[0].Message, StringComparison.Ordinal);
        Assert.True(bothTaken[2].HasWarnings);
        Assert.Equal([1], rejected.Select(f => f.Number));
    }

    [Fact]
    public async Task Commit_WithWarnedCandidates_AndNoReason_NeedsAReason_AndWritesNothing()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-warn-refused@example.org", StaffRoles.Editor);
        var candidates = new[]
        {
            Candidate(1, "state_provided_accommodation_by_marz", "AM-LO", new DateOnly(2023, 10, 2), null, "42500"),
            Candidate(2, "state_provided_accommodation_by_marz", "AM-LO", new DateOnly(2023, 10, 3), null, "4250"),
        };
        var before = await CountsAsync();

        var refused = await Reports.CommitAsync(editor, new ReportCommit("Lori briefing", null, new ReportSourceChoice { NewSource = NewSource("Lori briefing") }, candidates));
        var blank = await Reports.CommitAsync(editor, new ReportCommit("Lori briefing", null, new ReportSourceChoice { NewSource = NewSource("Lori briefing") }, candidates, "   "));

        Assert.Equal(ReportCommitStatus.NeedsReason, refused.Status);
        Assert.Empty(refused.FigureIds);
        Assert.Null(refused.SourceId);
        var error = Assert.Single(refused.Errors);
        Assert.Equal((null, nameof(ReportCommit.WarningReason)), (error.Candidate, error.Field));
        Assert.StartsWith("2 accepted candidates have plausibility warnings", error.Message, StringComparison.Ordinal);
        Assert.Equal([1, 2], refused.Warnings.Select(w => w.Key).Distinct().Order());
        Assert.Equal(ReportCommitStatus.NeedsReason, blank.Status);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Commit_WithAReason_KeepsItWithTheWarningsInTheWarnedFiguresRevisions_Only()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-warn-reason@example.org", StaffRoles.Editor);
        var candidates = new[]
        {
            Candidate(1, "state_provided_accommodation_by_marz", "AM-SH", new DateOnly(2023, 10, 2), null, "42500"),
            Candidate(2, "state_provided_accommodation_by_marz", "AM-SH", new DateOnly(2023, 10, 3), null, "4250"),
            Candidate(3, "arrivals_on_day", "AM-SH", new DateOnly(2023, 10, 2), null, "25000"),
        };
        var commit = new ReportCommit("Shirak briefing", "shirak.txt", new ReportSourceChoice { NewSource = NewSource("Shirak briefing") }, candidates, " The report counts hotel places too. ");

        var result = await Reports.CommitAsync(editor, commit);

        Assert.Equal(ReportCommitStatus.Committed, result.Status);
        Assert.Equal(3, result.FigureIds.Count);
        await using var db = factory.CreateContext();
        var key = await db.Sources.Where(s => s.Id == result.SourceId).Select(s => s.Key).SingleAsync();
        var reasons = await db.Revisions.AsNoTracking().Where(r => r.EntityType == RevisionLog.FigureType && result.FigureIds.Contains(r.EntityId))
            .OrderBy(r => r.EntityId).Select(r => r.Reason).ToListAsync();
        var prefix = $"From the report \u201CShirak briefing\u201D ({key}), candidate ";
        Assert.StartsWith(prefix + "1. Saved past plausibility warnings: The report counts hotel places too. (accepted: This running total (42,500 people) is higher than the later 4,250 people on 2023-10-03", reasons[0], StringComparison.Ordinal);
        Assert.StartsWith(prefix + "2. Saved past plausibility warnings: The report counts hotel places too. (accepted: This running total (4,250 people) is lower than the earlier 42,500 people", reasons[1], StringComparison.Ordinal);
        Assert.Equal(prefix + "3", reasons[2]);
    }

    [Fact]
    public async Task Candidate_WithATimeThatIsNotATime_IsRefusedOnItsTime_AndNothingIsWritten()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-time@example.org", StaffRoles.Editor);
        var candidate = Candidate(1, "arrivals_on_day", "AM-TV", new DateOnly(2023, 10, 2), new TimeOnly(8, 0), "25000");
        var message = candidate.SetTime("25:70");
        var before = await CountsAsync();

        var refused = await Reports.CommitAsync(editor, new ReportCommit("Tavush briefing", null, new ReportSourceChoice { NewSource = NewSource("Tavush briefing") }, [candidate]));
        var afterRefusal = await CountsAsync();
        candidate.SetTime("20:30");
        var fixedUp = await Reports.CommitAsync(editor, new ReportCommit("Tavush briefing", null, new ReportSourceChoice { NewSource = NewSource("Tavush briefing") }, [candidate]));

        Assert.Equal("'25:70' is not a time: write hh:mm on the 24-hour clock, e.g. 20:00.", message);
        Assert.Equal(ReportCommitStatus.Invalid, refused.Status);
        var error = Assert.Single(refused.Errors);
        Assert.Equal((1, nameof(FigureInput.Time)), (error.Candidate!.Value, error.Field));
        Assert.Equal("Candidate 1 (\u201Cphrase 1\u201D): '25:70' is not a time: write hh:mm on the 24-hour clock, e.g. 20:00.", error.Message);
        Assert.Equal(before, afterRefusal);
        Assert.Equal(ReportCommitStatus.Committed, fixedUp.Status);
        await using var db = factory.CreateContext();
        Assert.Equal(new TimeOnly(20, 30), await db.Figures.Where(f => f.Id == fixedUp.FigureIds[0]).Select(f => f.LocalTime).SingleAsync());
    }

    [Fact]
    public async Task ReviewFlags_CompareTheTime_AFigureOfAnotherMomentIsNeitherADuplicateNorAConflict()
    {
        var editor = await Staff.CreateAsync(factory.Services, "review-moment@example.org", StaffRoles.Editor);
        var day = new DateOnly(2023, 10, 2);
        var first = await Reports.CommitAsync(editor, new ReportCommit("Kornidzor morning", null, new ReportSourceChoice { NewSource = NewSource("Kornidzor morning") },
            [Candidate(1, "arrivals_on_day", "AM-SU-KORNIDZOR", day, new TimeOnly(9, 0), "25000")]));
        Assert.Equal(ReportCommitStatus.Committed, first.Status);
        var again = new[]
        {
            Candidate(1, "arrivals_on_day", "AM-SU-KORNIDZOR", day, new TimeOnly(9, 0), "25000", CandidateDecision.Open),
            Candidate(2, "arrivals_on_day", "AM-SU-KORNIDZOR", day, new TimeOnly(18, 0), "25000"),
            Candidate(3, "arrivals_on_day", "AM-SU-KORNIDZOR", day, null, "25000", CandidateDecision.Open),
        };
        var differing = new[]
        {
            Candidate(1, "arrivals_on_day", "AM-SU-KORNIDZOR", day, new TimeOnly(9, 0), "24000", CandidateDecision.Open),
            Candidate(2, "arrivals_on_day", "AM-SU-KORNIDZOR", day, new TimeOnly(18, 0), "24000", CandidateDecision.Open),
        };

        var sameSource = await Reports.CheckAsync(again, first.SourceId);
        var otherSource = await Reports.CheckAsync(differing, null, "Another count");
        var evening = await Reports.CommitAsync(editor, new ReportCommit("Kornidzor morning", null, new ReportSourceChoice { SourceId = first.SourceId }, again));

        var duplicate = Assert.Single(sameSource);
        Assert.Equal(1, duplicate.Number);
        Assert.Equal(first.FigureIds, duplicate.Duplicates.Select(d => d.Id));
        var conflict = Assert.Single(otherSource);
        Assert.Equal((1, first.FigureIds[0]), (conflict.Number, Assert.Single(conflict.Conflicts).Id));
        Assert.False(conflict.IsDuplicate);
        // Only candidate 2 (18:00) is taken: the same count at another moment is not the stored 09:00 figure.
        Assert.Equal(ReportCommitStatus.Committed, evening.Status);
        Assert.Single(evening.FigureIds);
    }
}
