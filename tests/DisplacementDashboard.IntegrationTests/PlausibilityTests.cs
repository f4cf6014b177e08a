using System.Globalization;
using System.Net;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// Plausibility warnings on the figure form (<see cref="Plausibility"/> through <see cref="FigureEditor"/>), on the
/// seeded store. Each test writes to a place (or metric) of its own, so the order the tests run in does not matter.
/// </summary>
public class PlausibilityTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private FigureEditor Editor => factory.Services.GetRequiredService<FigureEditor>();

    private async Task<(int Id, string Title)> SourceAsync(string key)
    {
        await using var db = factory.CreateContext();
        var source = await db.Sources.Where(s => s.Key == key).Select(s => new { s.Id, s.Title }).SingleAsync();
        return (source.Id, source.Title);
    }

    private async Task<FigureInput> InputAsync(string value, string date, string location, string source, string metric = WellKnown.CumulativeArrivals, string unit = WellKnown.People) => new()
    {
        MetricCode = metric,
        LocationCode = location,
        UnitCode = unit,
        Date = DateOnly.Parse(date, CultureInfo.InvariantCulture),
        Time = new TimeOnly(10, 0),
        ValueText = value,
        SourceId = (await SourceAsync(source)).Id,
    };

    private async Task<int> SavedAsync(System.Security.Claims.ClaimsPrincipal user, FigureInput input)
    {
        var result = await Editor.CreateAsync(user, input, confirmDuplicate: false);
        Assert.True(result.Status == EditStatus.Saved, $"{result.Status}: {string.Join("; ", result.FieldErrors.Select(e => e.Message))} {string.Join("; ", result.PlausibilityWarnings.Select(w => w.Message))}");
        return result.Id!.Value;
    }

    private async Task<int> RevisionCountAsync()
    {
        await using var db = factory.CreateContext();
        return await db.Revisions.CountAsync();
    }

    [Fact]
    public async Task RunningTotalTypedADigitShort_AfterAnotherSourcesTotal_WarnsNamingIt_AndSavesOnlyWithAReasonKeptInTheRevision()
    {
        var editor = await Staff.CreateAsync(factory.Services, "plaus-digit@example.org", StaffRoles.Editor);
        var other = await SourceAsync("S002");
        var earlierId = await SavedAsync(editor, await InputAsync("42000", "2023-10-01", "AM-LO", "S002"));
        var before = await RevisionCountAsync();

        var refused = await Editor.CreateAsync(editor, await InputAsync("4250", "2023-10-02", "AM-LO", "S001"), confirmDuplicate: false);

        Assert.Equal(EditStatus.NeedsReason, refused.Status);
        Assert.Equal(before, await RevisionCountAsync());
        Assert.Equal(nameof(FigureInput.WarningReason), Assert.Single(refused.FieldErrors).Field);
        var warning = Assert.Single(refused.PlausibilityWarnings);
        Assert.Equal(PlausibilityRule.BelowEarlier, warning.Rule);
        Assert.Contains("42,000 people on 2023-10-01 at 10:00", warning.Message, StringComparison.Ordinal);
        Assert.Contains(other.Title, warning.Message, StringComparison.Ordinal);
        Assert.Contains($"figure {earlierId.ToString(CultureInfo.InvariantCulture)}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("9.9 times lower", warning.Message, StringComparison.Ordinal);
        // The form shows the same warnings before anyone presses Save.
        Assert.Equal(warning.Message, Assert.Single(await Editor.CheckAsync(await InputAsync("4250", "2023-10-02", "AM-LO", "S001"), null)).Message);

        var withReason = await InputAsync("4250", "2023-10-02", "AM-LO", "S001");
        withReason.WarningReason = "the UN counted only this crossing";
        var id = await SavedAsync(editor, withReason);

        await using var db = factory.CreateContext();
        var reason = await db.Revisions.Where(r => r.EntityType == "figure" && r.EntityId == id).Select(r => r.Reason).SingleAsync();
        Assert.Contains("the UN counted only this crossing", reason, StringComparison.Ordinal);
        Assert.Contains(warning.Message, reason, StringComparison.Ordinal);
        using var client = factory.CreateClient();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/figures/{id}/history"));
        Assert.Contains("Saved past plausibility warnings: the UN counted only this crossing", html, StringComparison.Ordinal);
        Assert.Contains("42,000 people on 2023-10-01", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningTotalAboveALaterOne_Warns()
    {
        var editor = await Staff.CreateAsync(factory.Services, "plaus-later@example.org", StaffRoles.Editor);
        var laterId = await SavedAsync(editor, await InputAsync("50000", "2023-10-05", "AM-TV", "S002"));

        var warnings = await Editor.CheckAsync(await InputAsync("60000", "2023-10-03", "AM-TV", "S001"), null);

        var warning = Assert.Single(warnings);
        Assert.Equal(PlausibilityRule.AboveLater, warning.Rule);
        Assert.Contains($"50,000 people on 2023-10-05 at 10:00 from", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"figure {laterId.ToString(CultureInfo.InvariantCulture)}", warning.Message, StringComparison.Ordinal);
        Assert.Empty(await Editor.CheckAsync(await InputAsync("45000", "2023-10-03", "AM-TV", "S001"), null));
    }

    [Fact]
    public async Task ANeighbourBoundsOnlyTheWayItsQualifierAllows_ALaterAtLeastIsNoCeiling_AnEarlierUpToNoFloor()
    {
        var editor = await Staff.CreateAsync(factory.Services, "plaus-qualifier@example.org", StaffRoles.Editor);
        var atLeast = await InputAsync("50000", "2023-10-05", "AM-SH", "S002");
        atLeast.Qualifier = Qualifier.AtLeast;
        await SavedAsync(editor, atLeast);
        var upTo = await InputAsync("40000", "2023-10-01", "AM-SH", "S002");
        upTo.Qualifier = Qualifier.AtMost;
        await SavedAsync(editor, upTo);

        // 52,000 on the 3rd: "at least 50,000" on the 5th allows it, "up to 40,000" on the 1st does not contradict it.
        Assert.Empty(await Editor.CheckAsync(await InputAsync("52000", "2023-10-03", "AM-SH", "S001"), null));
        // Below "up to 40,000": no floor either.
        Assert.Empty(await Editor.CheckAsync(await InputAsync("39000", "2023-10-03", "AM-SH", "S001"), null));

        // An exact figure on the same later day is a ceiling again.
        await SavedAsync(editor, await InputAsync("51000", "2023-10-05", "AM-SH", "S001"));
        var warning = Assert.Single(await Editor.CheckAsync(await InputAsync("52000", "2023-10-03", "AM-SH", "S001"), null));
        Assert.Equal(PlausibilityRule.AboveLater, warning.Rule);
        Assert.Contains("51,000 people on 2023-10-05", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningTotalThatJumpsByMoreThanTheFactor_Warns_ASmallerRiseDoesNot()
    {
        var editor = await Staff.CreateAsync(factory.Services, "plaus-jump@example.org", StaffRoles.Editor);
        await SavedAsync(editor, await InputAsync("1000", "2023-10-01", "AM-GR", "S002"));
        var factor = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EditingOptions>>().Value.JumpFactor;

        var jump = await Editor.CheckAsync(await InputAsync((1000 * factor + 1000).ToString(CultureInfo.InvariantCulture), "2023-10-02", "AM-GR", "S001"), null);
        var rise = await Editor.CheckAsync(await InputAsync((1000 * factor - 100).ToString(CultureInfo.InvariantCulture), "2023-10-02", "AM-GR", "S001"), null);

        Assert.Equal(PlausibilityRule.Jump, Assert.Single(jump).Rule);
        Assert.Contains("times higher than its nearest neighbour, 1,000 people on 2023-10-01", jump[0].Message, StringComparison.Ordinal);
        Assert.Empty(rise);
    }

    [Fact]
    public async Task RunningTotalBelowAnEarlierOneOfTheSameSource_WarnsEvenWhenTheNearestIsLower()
    {
        var editor = await Staff.CreateAsync(factory.Services, "plaus-same@example.org", StaffRoles.Editor);
        await SavedAsync(editor, await InputAsync("50000", "2023-10-01", "AM-AV", "S002"));
        var lower = await InputAsync("30000", "2023-10-02", "AM-AV", "S001");
        lower.WarningReason = "the UN counts registrations only";
        await SavedAsync(editor, lower);

        var warnings = await Editor.CheckAsync(await InputAsync("40000", "2023-10-03", "AM-AV", "S002"), null);

        var warning = Assert.Single(warnings);
        Assert.Equal(PlausibilityRule.SameSourceLower, warning.Rule);
        Assert.Contains("50,000 people on 2023-10-01", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValueFarOutsideWhatTheMetricHasShownInItsUnit_Warns()
    {
        await using var db = factory.CreateContext();
        var meals = await db.Figures.Where(f => f.Metric.Code == "wfp_hot_meals_distributed" && f.UnitCode == "meals" && !f.IsRetracted && f.Value > 0)
            .Select(f => f.Value).ToListAsync();
        Assert.NotEmpty(meals);
        var factor = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EditingOptions>>().Value.RangeFactor;

        var above = await Editor.CheckAsync(await InputAsync(((long)(meals.Max() * factor) + 1).ToString(CultureInfo.InvariantCulture), "2023-10-01", "AM-SU", "S001", "wfp_hot_meals_distributed", "meals"), null);
        var inside = await Editor.CheckAsync(await InputAsync(meals.Max().ToString(CultureInfo.InvariantCulture), "2023-10-01", "AM-SU", "S001", "wfp_hot_meals_distributed", "meals"), null);

        var warning = Assert.Single(above);
        Assert.Equal(PlausibilityRule.OutsideRange, warning.Rule);
        Assert.Contains("above the largest", warning.Message, StringComparison.Ordinal);
        Assert.Empty(inside);
    }

    [Fact]
    public async Task DifferentUnitsOfTheSameMetricAndPlace_AreNeverCompared()
    {
        var editor = await Staff.CreateAsync(factory.Services, "plaus-units@example.org", StaffRoles.Editor);
        await using (var db = factory.CreateContext())
        {
            db.Metrics.Add(new Metric { Code = "test_registered_households", Name = "Registered (test)", Kind = MetricKind.Cumulative, Units = [WellKnown.People, "families"] });
            await db.SaveChangesAsync();
        }

        await SavedAsync(editor, await InputAsync("40000", "2023-10-01", "AM-AR", "S002", "test_registered_households"));

        // 4,000 families after 40,000 people: a factor of 10 but another unit, so no warning.
        Assert.Empty(await Editor.CheckAsync(await InputAsync("4000", "2023-10-02", "AM-AR", "S001", "test_registered_households", "families"), null));
        await SavedAsync(editor, await InputAsync("4000", "2023-10-02", "AM-AR", "S001", "test_registered_households", "families"));
        var warning = Assert.Single(await Editor.CheckAsync(await InputAsync("400", "2023-10-03", "AM-AR", "S001", "test_registered_households", "families"), null));
        Assert.Contains("4,000 families on 2023-10-02", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("people", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correction_IsComparedWithoutItsOwnOldValue_AndANoteOnlyCorrectionNeedsNoWarningReason()
    {
        var editor = await Staff.CreateAsync(factory.Services, "plaus-correct@example.org", StaffRoles.Editor);
        await SavedAsync(editor, await InputAsync("20000", "2023-10-01", "AM-VD", "S002"));
        var input = await InputAsync("21000", "2023-10-02", "AM-VD", "S001");
        var id = await SavedAsync(editor, input);

        input.ValueText = "2100";
        var refused = await Editor.CorrectAsync(editor, id, 1, input, "typo", confirmDuplicate: false);
        Assert.Equal(EditStatus.NeedsReason, refused.Status);
        Assert.DoesNotContain(refused.PlausibilityWarnings, w => w.Message.Contains("21,000", StringComparison.Ordinal));
        input.WarningReason = "the source printed it so";
        Assert.Equal(EditStatus.Saved, (await Editor.CorrectAsync(editor, id, 1, input, "typo", confirmDuplicate: false)).Status);

        input.WarningReason = null;
        input.Note = "reworded";
        Assert.Equal(EditStatus.Saved, (await Editor.CorrectAsync(editor, id, 2, input, "note", confirmDuplicate: false)).Status);
        await using var db = factory.CreateContext();
        var reasons = await db.Revisions.Where(r => r.EntityType == "figure" && r.EntityId == id).OrderBy(r => r.Number).Select(r => r.Reason).ToListAsync();
        Assert.StartsWith("typo. Saved past plausibility warnings: the source printed it so (accepted: ", reasons[1], StringComparison.Ordinal);
        Assert.Equal("note", reasons[2]);
    }
}
