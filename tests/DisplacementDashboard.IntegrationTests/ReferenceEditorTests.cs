using System.Globalization;
using System.Security.Claims;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>Metrics, units and places managed in the app (issue 10): every rule of <see cref="ReferenceEditor"/> on a real store.</summary>
public class ReferenceEditorTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private ReferenceEditor Reference => factory.Services.GetRequiredService<ReferenceEditor>();

    private FigureEditor Figures => factory.Services.GetRequiredService<FigureEditor>();

    private Task<ClaimsPrincipal> EditorAsync(string name) => Staff.CreateAsync(factory.Services, name + "@example.org", StaffRoles.Editor);

    private Task<ClaimsPrincipal> AdminAsync(string name) => Staff.CreateAsync(factory.Services, name + "@example.org", StaffRoles.Admin);

    private static string Errors(EditResult result) => result.Status + ": " + string.Join("; ", result.FieldErrors.Select(e => e.Field + ": " + e.Message));

    private async Task<int> SourceIdAsync(string key)
    {
        await using var db = factory.CreateContext();
        return await db.Sources.Where(s => s.Key == key).Select(s => s.Id).SingleAsync();
    }

    private async Task<EditResult> AddFigureAsync(ClaimsPrincipal user, string metric, string location, string unit, string value, string date) =>
        await Figures.CreateAsync(user, new FigureInput
        {
            MetricCode = metric,
            LocationCode = location,
            UnitCode = unit,
            Date = DateOnly.Parse(date, CultureInfo.InvariantCulture),
            ValueText = value,
            SourceId = await SourceIdAsync("S001"),
        }, confirmDuplicate: false);

    [Fact]
    public async Task PlaceNames_InArmenianAndRussian_AreCheckedForTheirScript_KeptInTheRevision_AndShownByTheApi()
    {
        var editor = await EditorAsync("names-editor");

        var refused = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "AM-SU-MEGHRI", Name = "Meghri", Level = LocationLevel.Place, ParentCode = "AM-SU", NameHy = "Meghri", NameRu = "Meghri" });
        Assert.Equal(EditStatus.Invalid, refused.Status);
        Assert.Contains(refused.FieldErrors, e => e.Field == nameof(LocationInput.NameHy) && e.Message.Contains("not in Armenian script", StringComparison.Ordinal));
        Assert.Contains(refused.FieldErrors, e => e.Field == nameof(LocationInput.NameRu) && e.Message.Contains("not in Cyrillic script", StringComparison.Ordinal));
        await using (var db = factory.CreateContext())
        {
            Assert.False(await db.Locations.AnyAsync(l => l.Code == "AM-SU-MEGHRI"));
        }

        var saved = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "AM-SU-MEGHRI", Name = "Meghri", Level = LocationLevel.Place, ParentCode = "AM-SU", NameHy = " Մեղրի ", NameRu = "Мегри" });
        Assert.True(saved.Status == EditStatus.Saved, Errors(saved));
        await using (var db = factory.CreateContext())
        {
            var place = await db.Locations.SingleAsync(l => l.Code == "AM-SU-MEGHRI");
            Assert.Equal(("Մեղրի", "Мегри"), (place.NameHy, place.NameRu));
            var revision = await db.Revisions.Where(r => r.EntityType == RevisionLog.LocationType && r.EntityId == place.Id).SingleAsync();
            var snapshot = RevisionLog.Read<LocationSnapshot>(revision.NewValues);
            Assert.Equal(("Մեղրի", "Мегри"), (snapshot.NameHy, snapshot.NameRu));
        }

        using var client = factory.CreateClient();
        using var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/locations"));
        var syunik = json.RootElement.EnumerateArray().Single(l => l.GetProperty("code").GetString() == "AM-SU");
        Assert.Equal("Սյունիք", syunik.GetProperty("nameHy").GetString());
        Assert.Equal("Сюник", syunik.GetProperty("nameRu").GetString());
        var meghri = json.RootElement.EnumerateArray().Single(l => l.GetProperty("code").GetString() == "AM-SU-MEGHRI");
        Assert.Equal("Мегри", meghri.GetProperty("nameRu").GetString());
    }

    [Fact]
    public async Task CollectiveCentres_UnitMetricAndCommunity_AreAdded_AndAFigureUsesThem()
    {
        var editor = await EditorAsync("centres");
        var unit = await Reference.CreateUnitAsync(editor, new UnitInput { Code = "centres", Name = "collective centres", Kind = UnitKind.Count });
        Assert.True(unit.Status == EditStatus.Saved, Errors(unit));
        var metric = await Reference.CreateMetricAsync(editor, new MetricInput
        {
            Code = "collective_centres", Name = "Collective centres", Kind = MetricKind.Stock, Units = ["centres"],
            Definition = "Buildings used as collective shelter.", HxlHashtag = "#capacity+shelter+collective",
        });
        Assert.True(metric.Status == EditStatus.Saved, Errors(metric));
        var place = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "AM-SU-KAPAN", Name = "Kapan", Level = LocationLevel.Place, ParentCode = "AM-SU" });
        Assert.True(place.Status == EditStatus.Saved, Errors(place));

        var figure = await AddFigureAsync(editor, "collective_centres", "AM-SU-KAPAN", "centres", "12", "2023-10-02");
        Assert.True(figure.Status == EditStatus.Saved, Errors(figure));

        await using var db = factory.CreateContext();
        Assert.Equal("#capacity+shelter+collective", await db.Metrics.Where(m => m.Code == "collective_centres").Select(m => m.HxlHashtag).SingleAsync());
        var revisions = await db.Revisions.AsNoTracking()
            .Where(r => (r.EntityType == RevisionLog.UnitType && r.EntityId == unit.Id) || (r.EntityType == RevisionLog.MetricType && r.EntityId == metric.Id) || (r.EntityType == RevisionLog.LocationType && r.EntityId == place.Id))
            .ToListAsync();
        Assert.Equal(3, revisions.Count);
        Assert.All(revisions, r => Assert.Equal((1, RevisionKind.Created, "centres@example.org"), (r.Number, r.Kind, r.UserName)));
        Assert.Equal("AM-SU", RevisionLog.Read<LocationSnapshot>(revisions.Single(r => r.EntityType == RevisionLog.LocationType).NewValues).Parent);

        var api = await factory.Services.GetRequiredService<ReferenceQueries>().GetMetricsAsync();
        Assert.Equal("#capacity+shelter+collective", api.Single(m => m.Code == "collective_centres").HxlHashtag);
        Assert.Equal("#capacity+shelter+collective", Core.Csv.Hxl.ValueTag("collective_centres", MetricKind.Stock, "centres", api.Single(m => m.Code == "collective_centres").HxlHashtag));
    }

    [Fact]
    public async Task Metric_WithBadCodeOrUnitsOfTheWrongKind_IsRefusedPerField_AndNothingIsWritten()
    {
        var editor = await EditorAsync("badmetric");
        await using var before = factory.CreateContext();
        var metrics = await before.Metrics.CountAsync();

        var money = await Reference.CreateMetricAsync(editor, new MetricInput { Code = "Bad Code", Name = "", Kind = MetricKind.Money, Units = ["people", "nosuch"], HxlHashtag = "value" });
        Assert.Equal(EditStatus.Invalid, money.Status);
        Assert.Contains(money.FieldErrors, e => e.Field == nameof(MetricInput.Code) && e.Message.Contains("not a metric code", StringComparison.Ordinal));
        Assert.Contains(money.FieldErrors, e => e.Field == nameof(MetricInput.Name));
        Assert.Contains(money.FieldErrors, e => e.Field == nameof(MetricInput.HxlHashtag));
        Assert.Contains(money.FieldErrors, e => e.Field == nameof(MetricInput.Units) && e.Message == "'people' is a count unit; a money metric uses money units.");
        Assert.Contains(money.FieldErrors, e => e.Field == nameof(MetricInput.Units) && e.Message == "Unknown unit 'nosuch'.");

        var share = await Reference.CreateMetricAsync(editor, new MetricInput { Code = "share_test", Name = "Share", Kind = MetricKind.Share, Units = ["USD"] });
        Assert.Contains(share.FieldErrors, e => e.Field == nameof(MetricInput.Units) && e.Message.Contains("percent units", StringComparison.Ordinal));

        var duplicate = await Reference.CreateMetricAsync(editor, new MetricInput { Code = WellKnown.CumulativeArrivals, Name = "Again", Kind = MetricKind.Cumulative, Units = ["people"] });
        Assert.Contains(duplicate.FieldErrors, e => e.Field == nameof(MetricInput.Code) && e.Message.Contains("already has the code", StringComparison.Ordinal));

        await using var after = factory.CreateContext();
        Assert.Equal(metrics, await after.Metrics.CountAsync());
    }

    [Fact]
    public async Task MetricCode_CannotChangeOnceAFigureUsesIt_SaysHowMany_ButItsNameCan()
    {
        var editor = await EditorAsync("codefixed");
        var metric = await Reference.CreateMetricAsync(editor, new MetricInput { Code = "school_shelters", Name = "Schools used as shelters", Kind = MetricKind.Stock, Units = ["places"] });
        Assert.True(metric.Status == EditStatus.Saved, Errors(metric));
        var id = metric.Id!.Value;

        // Unused: the code may still be corrected.
        var renamed = await Reference.CorrectMetricAsync(editor, id, 1, new MetricInput { Code = "school_shelter_places", Name = "Schools used as shelters", Kind = MetricKind.Stock, Units = ["places"] }, "clearer code");
        Assert.True(renamed.Status == EditStatus.Saved, Errors(renamed));
        Assert.True((await AddFigureAsync(editor, "school_shelter_places", "AM-LO", "places", "40", "2023-10-03")).Status == EditStatus.Saved);
        Assert.True((await AddFigureAsync(editor, "school_shelter_places", "AM-TV", "places", "25", "2023-10-03")).Status == EditStatus.Saved);

        var refused = await Reference.CorrectMetricAsync(editor, id, 2, new MetricInput { Code = "schools", Name = "Schools used as shelters", Kind = MetricKind.Stock, Units = ["places"] }, "shorter");
        Assert.Equal(EditStatus.Invalid, refused.Status);
        Assert.Contains(refused.FieldErrors, e => e.Field == nameof(MetricInput.Code) && e.Message.Contains("cannot change: 2 figures use it", StringComparison.Ordinal));

        var dropped = await Reference.CorrectMetricAsync(editor, id, 2, new MetricInput { Code = "school_shelter_places", Name = "Schools", Kind = MetricKind.Stock, Units = ["people"] }, "units");
        Assert.Contains(dropped.FieldErrors, e => e.Field == nameof(MetricInput.Units) && e.Message == "'places' stays: 2 figures of this metric are in it.");

        var name = await Reference.CorrectMetricAsync(editor, id, 2, new MetricInput { Code = "school_shelter_places", Name = "Schools and kindergartens used as shelters", Kind = MetricKind.Stock, Units = ["places"] }, "wider");
        Assert.True(name.Status == EditStatus.Saved, Errors(name));
        var history = await Reference.HistoryAsync(RevisionLog.MetricType, id);
        Assert.Equal([RevisionKind.Created, RevisionKind.Corrected, RevisionKind.Corrected], history.Select(h => h.Kind));
        Assert.Equal("wider", history[^1].Reason);
    }

    [Fact]
    public async Task Unit_MoneyNeedsCurrency_CountHasNone_AndDecimalsAreFixedOnceUsed()
    {
        var editor = await EditorAsync("units");
        var noCurrency = await Reference.CreateUnitAsync(editor, new UnitInput { Code = "GBP", Name = "pounds", Kind = UnitKind.Money, Decimals = 2 });
        Assert.Contains(noCurrency.FieldErrors, e => e.Field == nameof(UnitInput.Currency) && e.Message.Contains("ISO 4217", StringComparison.Ordinal));
        var countWithCurrency = await Reference.CreateUnitAsync(editor, new UnitInput { Code = "tents", Name = "tents", Kind = UnitKind.Count, Currency = "USD" });
        Assert.Contains(countWithCurrency.FieldErrors, e => e.Field == nameof(UnitInput.Currency) && e.Message == "Only a money unit has a currency.");
        var badCode = await Reference.CreateUnitAsync(editor, new UnitInput { Code = "1 tent", Name = "tents", Kind = UnitKind.Count, Decimals = 9 });
        Assert.Contains(badCode.FieldErrors, e => e.Field == nameof(UnitInput.Code));
        Assert.Contains(badCode.FieldErrors, e => e.Field == nameof(UnitInput.Decimals));

        var gbp = await Reference.CreateUnitAsync(editor, new UnitInput { Code = "GBP", Name = "pounds sterling", Kind = UnitKind.Money, Decimals = 2, Currency = "gbp" });
        Assert.True(gbp.Status == EditStatus.Saved, Errors(gbp));
        Assert.Equal("GBP", (await Reference.LoadUnitAsync(gbp.Id!.Value))!.Input.Currency);

        var people = (await Reference.ListUnitsAsync()).Single(u => u.Code == WellKnown.People);
        var loaded = (await Reference.LoadUnitAsync(people.Id))!;
        Assert.True(loaded.FigureCount > 0);
        var decimals = await Reference.CorrectUnitAsync(editor, people.Id, loaded.Version, new UnitInput { Code = "persons", Name = "people", Kind = UnitKind.Count, Decimals = 1 }, "try");
        Assert.Contains(decimals.FieldErrors, e => e.Field == nameof(UnitInput.Decimals) && e.Message.Contains($"{loaded.FigureCount} figures", StringComparison.Ordinal));
        Assert.Contains(decimals.FieldErrors, e => e.Field == nameof(UnitInput.Code) && e.Message.Contains("cannot change", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnitCode_ChangesWhileUnused_KeepingItsIdAndHistory()
    {
        var editor = await EditorAsync("unitcode");
        var created = await Reference.CreateUnitAsync(editor, new UnitInput { Code = "bedz", Name = "beds", Kind = UnitKind.Count });
        Assert.True(created.Status == EditStatus.Saved, Errors(created));
        var id = created.Id!.Value;
        var corrected = await Reference.CorrectUnitAsync(editor, id, 1, new UnitInput { Code = "beds", Name = "beds", Kind = UnitKind.Count }, "typo in the code");
        Assert.True(corrected.Status == EditStatus.Saved, Errors(corrected));
        var loaded = (await Reference.LoadUnitAsync(id))!;
        Assert.Equal(("beds", 2), (loaded.Input.Code, loaded.Version));
        var history = await Reference.HistoryAsync(RevisionLog.UnitType, id);
        Assert.Equal(["bedz", "beds"], history.Select(h => RevisionLog.Read<UnitSnapshot>(h.After).Code));
    }

    [Fact]
    public async Task Place_NeedsAKnownParentOfAHigherLevel_AndCannotLieInItself()
    {
        var editor = await EditorAsync("places");
        var unknown = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "AM-XX-TOWN", Name = "Town", Level = LocationLevel.Place, ParentCode = "AM-XX" });
        Assert.Contains(unknown.FieldErrors, e => e.Field == nameof(LocationInput.ParentCode) && e.Message == "Unknown place 'AM-XX'.");
        var wrongOrder = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "AM-SU-GORIS-X", Name = "Marz in a town", Level = LocationLevel.Adm1, ParentCode = "AM-SU-GORIS" });
        Assert.Contains(wrongOrder.FieldErrors, e => e.Field == nameof(LocationInput.ParentCode) && e.Message.Contains("country > adm1 > place > site", StringComparison.Ordinal));
        var orphan = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "AM-SITE", Name = "A site", Level = LocationLevel.Site });
        Assert.Contains(orphan.FieldErrors, e => e.Field == nameof(LocationInput.ParentCode));
        var badCode = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "am su", Name = "x", Level = LocationLevel.Place, ParentCode = "AM-SU", PCode = "12" });
        Assert.Contains(badCode.FieldErrors, e => e.Field == nameof(LocationInput.Code));
        Assert.Contains(badCode.FieldErrors, e => e.Field == nameof(LocationInput.PCode));

        var town = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "NK-MARTAKERT", Name = "Martakert", Level = LocationLevel.Place, ParentCode = "NK" });
        Assert.True(town.Status == EditStatus.Saved, Errors(town));
        var site = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "NK-MARTAKERT-SCHOOL", Name = "School in Martakert", Level = LocationLevel.Site, ParentCode = "NK-MARTAKERT" });
        Assert.True(site.Status == EditStatus.Saved, Errors(site));

        var cycle = await Reference.CorrectLocationAsync(editor, town.Id!.Value, 1, new LocationInput { Code = "NK-MARTAKERT", Name = "Martakert", Level = LocationLevel.Place, ParentCode = "NK-MARTAKERT-SCHOOL" }, "move");
        Assert.Equal(EditStatus.Invalid, cycle.Status);
        Assert.Contains(cycle.FieldErrors, e => e.Field == nameof(LocationInput.ParentCode));
        var demote = await Reference.CorrectLocationAsync(editor, town.Id!.Value, 1, new LocationInput { Code = "NK-MARTAKERT", Name = "Martakert", Level = LocationLevel.Site, ParentCode = "NK" }, "level");
        Assert.Contains(demote.FieldErrors, e => e.Field == nameof(LocationInput.Level) && e.Message.Contains("must stay below it", StringComparison.Ordinal));

        var tree = await Reference.ListLocationsAsync();
        Assert.Equal("Nagorno-Karabakh > Martakert", tree.Single(r => r.Code == "NK-MARTAKERT-SCHOOL").ParentPath);
    }

    [Fact]
    public async Task Retire_IsForAdminsOnly_HidesTheItemFromNewFigures_KeepsExistingOnes_AndRestoreBringsItBack()
    {
        var editor = await EditorAsync("retire-editor");
        var admin = await AdminAsync("retire-admin");
        var metric = await Reference.CreateMetricAsync(editor, new MetricInput { Code = "hotel_rooms", Name = "Hotel rooms offered", Kind = MetricKind.Capacity, Units = ["places"] });
        Assert.True(metric.Status == EditStatus.Saved, Errors(metric));
        var id = metric.Id!.Value;
        var existing = await AddFigureAsync(editor, "hotel_rooms", "AM-KT", "places", "300", "2023-10-07");
        Assert.True(existing.Status == EditStatus.Saved, Errors(existing));

        await Assert.ThrowsAsync<NotAuthorizedException>(() => Reference.RetireMetricAsync(editor, id, 1, "not needed"));
        var noReason = await Reference.RetireMetricAsync(admin, id, 1, " ");
        Assert.Contains(noReason.FieldErrors, e => e.Field == "reason");

        var retired = await Reference.RetireMetricAsync(admin, id, 1, "merged into reception capacity");
        Assert.True(retired.Status == EditStatus.Saved, Errors(retired));
        var again = await Reference.RetireMetricAsync(admin, id, 2, "twice");
        Assert.Contains(again.FieldErrors, e => e.Message == "This metric is already retired.");

        var refused = await AddFigureAsync(editor, "hotel_rooms", "AM-KT", "places", "310", "2023-10-08");
        Assert.Contains(refused.FieldErrors, e => e.Field == nameof(FigureInput.MetricCode) && e.Message.Contains("retired", StringComparison.Ordinal));
        Assert.NotNull(await Figures.LoadAsync(existing.Id!.Value));
        var lookups = await factory.Services.GetRequiredService<FormLookupQueries>().GetAsync();
        Assert.True(lookups.Metrics.Single(m => m.Code == "hotel_rooms").Retired);
        Assert.True((await factory.Services.GetRequiredService<ReferenceQueries>().GetMetricsAsync()).Single(m => m.Code == "hotel_rooms").Retired);

        await using (var db = factory.CreateContext())
        {
            var stored = await db.Metrics.AsNoTracking().SingleAsync(m => m.Id == id);
            Assert.Equal(("retire-admin@example.org", 2), (stored.RetiredBy, stored.Version));
            Assert.NotNull(stored.RetiredAtUtc);
        }

        var restored = await Reference.RestoreMetricAsync(admin, id, 2, "still reported separately");
        Assert.True(restored.Status == EditStatus.Saved, Errors(restored));
        Assert.True((await AddFigureAsync(editor, "hotel_rooms", "AM-KT", "places", "320", "2023-10-09")).Status == EditStatus.Saved);
        var history = await Reference.HistoryAsync(RevisionLog.MetricType, id);
        Assert.Equal([RevisionKind.Created, RevisionKind.Retired, RevisionKind.Restored], history.Select(h => h.Kind));
        Assert.True(RevisionLog.Read<MetricSnapshot>(history[1].After).Retired);
    }

    [Fact]
    public async Task RetiredPlaceAndUnit_AreRefusedForNewFigures()
    {
        var editor = await EditorAsync("retire-place");
        var admin = await AdminAsync("retire-place-admin");
        var place = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "AM-AR-MASIS", Name = "Masis", Level = LocationLevel.Place, ParentCode = "AM-AR" });
        Assert.True(place.Status == EditStatus.Saved, Errors(place));
        Assert.True((await Reference.RetireLocationAsync(admin, place.Id!.Value, 1, "duplicate of another code")).Status == EditStatus.Saved);
        var unit = await Reference.CreateUnitAsync(editor, new UnitInput { Code = "households", Name = "households", Kind = UnitKind.Count });
        Assert.True((await Reference.RetireUnitAsync(admin, unit.Id!.Value, 1, "use families")).Status == EditStatus.Saved);

        var figure = await AddFigureAsync(editor, WellKnown.CumulativeArrivals, "AM-AR-MASIS", WellKnown.People, "5", "2023-10-01");
        Assert.Contains(figure.FieldErrors, e => e.Field == nameof(FigureInput.LocationCode) && e.Message.Contains("retired", StringComparison.Ordinal));
        var metric = await Reference.CreateMetricAsync(editor, new MetricInput { Code = "household_count", Name = "Households", Kind = MetricKind.Stock, Units = ["households"] });
        Assert.Contains(metric.FieldErrors, e => e.Field == nameof(MetricInput.Units) && e.Message.Contains("retired", StringComparison.Ordinal));
        var lookups = await factory.Services.GetRequiredService<FormLookupQueries>().GetAsync();
        Assert.Contains("AM-AR-MASIS", lookups.RetiredLocations);
        Assert.Contains("households", lookups.RetiredUnits);
    }

    [Fact]
    public async Task ARetiredPlace_StaysOnItsFigures_ButNoNewOrCorrectedFigureTakesItUp_OnTheFormTheImportOrABundle()
    {
        var editor = await EditorAsync("retire-paths");
        var admin = await AdminAsync("retire-paths-admin");
        var metric = await Reference.CreateMetricAsync(editor, new MetricInput { Code = "tents_offered", Name = "Tents offered", Kind = MetricKind.Capacity, Units = ["places"] });
        Assert.True(metric.Status == EditStatus.Saved, Errors(metric));
        var retiring = await Reference.CreateLocationAsync(editor, new LocationInput { Code = "AM-KT-ABOVYAN", Name = "Abovyan", Level = LocationLevel.Place, ParentCode = "AM-KT" });
        Assert.True((await Reference.CreateLocationAsync(editor, new LocationInput { Code = "AM-KT-EGHVARD", Name = "Yeghvard", Level = LocationLevel.Place, ParentCode = "AM-KT" })).Status == EditStatus.Saved);
        var kept = await AddFigureAsync(editor, "tents_offered", "AM-KT-ABOVYAN", "places", "50", "2023-10-07");
        var other = await AddFigureAsync(editor, "tents_offered", "AM-KT-EGHVARD", "places", "60", "2023-10-07");
        Assert.True(kept.Status == EditStatus.Saved && other.Status == EditStatus.Saved, Errors(kept) + Errors(other));
        Assert.True((await Reference.RetireLocationAsync(admin, retiring.Id!.Value, 1, "merged with Kotayk's list")).Status == EditStatus.Saved);

        // The form: a figure at the retired place is still corrected; another figure is not moved onto it.
        var keptInput = (await Figures.LoadAsync(kept.Id!.Value))!.Input;
        keptInput.ValueText = "55";
        var keptCorrected = await Figures.CorrectAsync(editor, kept.Id.Value, 1, keptInput, "the report's later count", confirmDuplicate: false);
        var otherInput = (await Figures.LoadAsync(other.Id!.Value))!.Input;
        otherInput.LocationCode = "AM-KT-ABOVYAN";
        var moved = await Figures.CorrectAsync(editor, other.Id.Value, 1, otherInput, "wrong place", confirmDuplicate: false);

        Assert.True(keptCorrected.Status == EditStatus.Saved, Errors(keptCorrected));
        Assert.Equal(EditStatus.Invalid, moved.Status);
        Assert.Equal("The place 'Abovyan' is retired; choose another.", Assert.Single(moved.FieldErrors).Message);

        // The figure import: the figure at the retired place unchanged, the other moved onto it, a new one there.
        var import = factory.Services.GetRequiredService<Core.Csv.ImportService>();
        const string Header = "figure_id,revision,external_id,metric,location,date,time,value,unit,qualifier,source,source_title,source_publisher,source_url,source_published,note";
        var csv = Header + "\n"
            + $"{kept.Id},,,tents_offered,AM-KT-ABOVYAN,2023-10-07,,55,places,exact,S001,,,,,\n"
            + $"{other.Id},,,tents_offered,AM-KT-ABOVYAN,2023-10-07,,60,places,exact,S001,,,,,\n"
            + ",,,tents_offered,AM-KT-ABOVYAN,2023-10-08,,70,places,exact,S001,,,,,\n";
        var preview = await import.PreviewAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "tents.csv");

        Assert.Equal([Core.Csv.ImportRowStatus.Unchanged, Core.Csv.ImportRowStatus.Error, Core.Csv.ImportRowStatus.Error], preview.Rows.Select(r => r.Status));
        Assert.Equal(
            [(3, "location", "location 'AM-KT-ABOVYAN' is retired; a figure may keep it but not be changed to it"), (4, "location", "location 'AM-KT-ABOVYAN' is retired; a new figure may not use it")],
            preview.Errors.Select(e => (e.Row, e.Column, e.Reason)));

        // A six-file import does not carry retired flags: the store's stay in force for its figures.csv.
        var zip = SixFileImportTests.Zip(("figures.csv", Header + "\n,,tents-1,tents_offered,AM-KT-ABOVYAN,2023-10-08,,70,places,exact,S001,,,,,\n"));
        var bundle = await import.PreviewBundleAsync(Core.Csv.ImportBundle.FromZip(zip, "tents.zip", new Core.Csv.ImportOptions()));

        var error = Assert.Single(bundle.Errors);
        Assert.Equal(("figures.csv", 2, "location"), (error.File, error.Row, error.Column));
        Assert.Contains("is retired; a new figure may not use it", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondSaveOfTheSameVersion_IsRefused_AndSaysWhoSavedFirst()
    {
        var first = await EditorAsync("first-saver");
        var second = await EditorAsync("second-saver");
        var place = await Reference.CreateLocationAsync(first, new LocationInput { Code = "AM-VD-YEGHEGNADZOR", Name = "Yeghegnadzor", Level = LocationLevel.Place, ParentCode = "AM-VD" });
        Assert.True(place.Status == EditStatus.Saved, Errors(place));
        var id = place.Id!.Value;
        var saved = await Reference.CorrectLocationAsync(first, id, 1, new LocationInput { Code = "AM-VD-YEGHEGNADZOR", Name = "Yeghegnadzor town", Level = LocationLevel.Place, ParentCode = "AM-VD" }, "full name");
        Assert.True(saved.Status == EditStatus.Saved, Errors(saved));
        var late = await Reference.CorrectLocationAsync(second, id, 1, new LocationInput { Code = "AM-VD-YEGHEGNADZOR", Name = "Eghegnadzor", Level = LocationLevel.Place, ParentCode = "AM-VD" }, "spelling");
        Assert.Equal(EditStatus.Conflict, late.Status);
        Assert.Equal("first-saver@example.org", late.Conflict!.UpdatedBy);
        Assert.Equal(2, late.Conflict.CurrentVersion);
        Assert.Equal("Yeghegnadzor town", (await Reference.LoadLocationAsync(id))!.Input.Name);
        Assert.Equal(2, (await Reference.HistoryAsync(RevisionLog.LocationType, id)).Count);
    }

    [Fact]
    public async Task Seed_RecordsAFirstRevisionForEveryMetricUnitAndPlace_WithHashtagAndCurrency()
    {
        await using var db = factory.CreateContext();
        var usd = await db.Units.AsNoTracking().SingleAsync(u => u.Code == "USD");
        Assert.Equal("USD", usd.Currency);
        Assert.Null((await db.Units.AsNoTracking().SingleAsync(u => u.Code == WellKnown.People)).Currency);
        Assert.Equal("#affected+refugees+arrived+total", await db.Metrics.Where(m => m.Code == WellKnown.CumulativeArrivals).Select(m => m.HxlHashtag).SingleAsync());
        var seeded = await db.Revisions.AsNoTracking().Where(r => r.Kind == RevisionKind.Seeded && r.EntityType == RevisionLog.UnitType && r.EntityId == usd.Id).SingleAsync();
        Assert.Equal("USD", RevisionLog.Read<UnitSnapshot>(seeded.NewValues).Currency);
        var locations = await db.Locations.CountAsync(l => l.UpdatedBy == "seed");
        Assert.Equal(locations, await db.Revisions.CountAsync(r => r.Kind == RevisionKind.Seeded && r.EntityType == RevisionLog.LocationType));
    }
}
