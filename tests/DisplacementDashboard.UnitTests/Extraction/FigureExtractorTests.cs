using System.Globalization;
using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.UnitTests.Extraction;

public class FigureExtractorTests
{
    [Theory]
    [InlineData("So far 100,632 refugees have arrived in Armenia.", "100632", "people")]
    [InlineData("So far 100 632 refugees have arrived in Armenia.", "100632", "people")]
    [InlineData("So far 100.632 refugees have arrived in Armenia.", "100632", "people")]
    [InlineData("So far 1.234.567 refugees have arrived in Armenia.", "1234567", "people")]
    [InlineData("So far 68 refugees have arrived in Armenia.", "68", "people")]
    [InlineData("The Government has accommodated 76 thousand people.", "76000", "people")]
    [InlineData("Armenia, a nation of 2.9 million people, took them in.", "2900000", "people")]
    [InlineData("By Monday, 1.5 million refugees had arrived in Armenia.", "1500000", "people")]
    [InlineData("UNHCR launched an appeal for $97 million.", "97000000", "USD")]
    [InlineData("UNHCR launched an appeal for US$ 97 million.", "97000000", "USD")]
    [InlineData("UNHCR launched an appeal for 97 million dollars.", "97000000", "USD")]
    [InlineData("UNHCR launched an appeal for USD 97 million.", "97000000", "USD")]
    [InlineData("Switzerland will provide CHF 1.2 million.", "1200000", "CHF")]
    [InlineData("The European Union allocated €5.2 million for the refugees.", "5200000", "EUR")]
    [InlineData("The European Union allocated 5.2 million euros for the refugees.", "5200000", "EUR")]
    [InlineData("A one-time payment of AMD 100,000 is made to each person.", "100000", "AMD")]
    [InlineData("A one-time payment of 100,000 drams is made to each person.", "100000", "AMD")]
    [InlineData("Volunteers have served forty thousand hot meals.", "40000", "meals")]
    [InlineData("Forty-five thousand of them have been given government housing.", "45000", "people")]
    [InlineData("Two hundred and fifty people were accommodated in Goris.", "250", "people")]
    [InlineData("Over 95 percent of the population has fled.", "95", "percent")]
    [InlineData("Over 95 per cent of the population has fled.", "95", "percent")]
    [InlineData("Over 95% of the population has fled.", "95", "percent")]
    public void Extract_NumberStyle_ReadsValueAndUnit(string text, string value, string unit)
    {
        var figure = Extractor.Single(text);
        Assert.Equal(decimal.Parse(value, CultureInfo.InvariantCulture), figure.Value);
        Assert.Equal(unit, figure.Unit);
        Assert.Equal(figure.Phrase, text.Substring(figure.Start, figure.Length));
    }

    [Theory]
    [InlineData("about", Qualifier.Approximate)]
    [InlineData("around", Qualifier.Approximate)]
    [InlineData("some", Qualifier.Approximate)]
    [InlineData("an estimated", Qualifier.Approximate)]
    [InlineData("approximately", Qualifier.Approximate)]
    [InlineData("almost", Qualifier.Approximate)]
    [InlineData("nearly", Qualifier.Approximate)]
    [InlineData("more than", Qualifier.AtLeast)]
    [InlineData("over", Qualifier.AtLeast)]
    [InlineData("at least", Qualifier.AtLeast)]
    [InlineData("a number that exceeds", Qualifier.AtLeast)]
    [InlineData("up to", Qualifier.AtMost)]
    [InlineData("fewer than", Qualifier.AtMost)]
    [InlineData("exactly", Qualifier.Exact)]
    [InlineData("", Qualifier.Exact)]
    public void Extract_QualifierWords_SetTheQualifierAndStartThePhrase(string words, Qualifier expected)
    {
        var text = $"Officials said {words} 5,000 refugees had arrived in Armenia.".Replace("  ", " ", StringComparison.Ordinal);
        var figure = Extractor.Single(text);
        Assert.Equal(expected, figure.Qualifier);
        Assert.Equal(5000m, figure.Value);
        if (expected != Qualifier.Exact)
        {
            Assert.StartsWith(words.Split(' ')[^1].Length > 0 && words.StartsWith("a number", StringComparison.Ordinal) ? "exceeds" : words, figure.Phrase, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Extract_AtLeastAndPossiblyUpTo_GivesTwoCandidates()
    {
        var found = Extractor.Extract("After the blast at least 20 and possibly up to 100 people were missing.");
        Assert.Equal(2, found.Count);
        Assert.Equal((20m, Qualifier.AtLeast), (found[0].Value, found[0].Qualifier));
        Assert.Equal((100m, Qualifier.AtMost), (found[1].Value, found[1].Qualifier));
        Assert.All(found, f => Assert.Equal("depot_blast_missing", f.Metric));
    }

    [Theory]
    [InlineData("By noon 13,350 refugees had entered Armenia.", "cumulative_arrivals_in_armenia")]
    [InlineData("Some 2,900 people crossed into Armenia in the past 24 hours.", "arrivals_on_day")]
    [InlineData("The first group of 28 people crossed on Sunday.", "first_group_size")]
    [InlineData("The Government has prepared accommodation for 40,000 people.", "planned_reception_capacity")]
    [InlineData("So far 9,214 people have been provided with accommodation by the State.", "state_provided_accommodation_cumulative")]
    [InlineData("By evening 42,500 of them were housed by the state.", "state_provided_accommodation_cumulative")]
    [InlineData("The region had a population of 120,000 before the exodus.", "population_pre_exodus")]
    [InlineData("The explosion at the fuel depot killed 68 people.", "depot_blast_deaths")]
    [InlineData("The explosion at the fuel depot injured 290 people.", "depot_blast_injured")]
    [InlineData("After the explosion at the fuel depot 105 people are still missing.", "depot_blast_missing")]
    [InlineData("The offensive killed 200 people.", "offensive_killed")]
    [InlineData("The United States announced $11.5 million in aid.", "donor_pledge_usa")]
    [InlineData("UNICEF is appealing for $12.4 million.", "appeal_amount_unicef_hac")]
    [InlineData("IOM requires USD 8.3 million.", "appeal_amount_iom")]
    [InlineData("The IFRC is seeking CHF 8 million.", "appeal_amount_ifrc")]
    [InlineData("The plan brings together 63 partners.", "rrp_partners")]
    [InlineData("The monthly support of 50,000 drams per person covers rent.", "gov_cash_monthly_per_person")]
    [InlineData("WFP plans to provide food parcels to 30,000 people.", "wfp_food_parcels_coverage")]
    public void Extract_WordsAroundTheNumber_PickTheMetric(string text, string metric) =>
        Assert.Equal(metric, Extractor.Single(text).Metric);

    [Theory]
    [InlineData("So far 3,112 people have been provided with accommodation in Syunik.", "state_provided_accommodation_by_marz", "AM-SU")]
    [InlineData("So far 3,112 people have been provided with accommodation in Syunik'.", "state_provided_accommodation_by_marz", "AM-SU")]
    [InlineData("So far 1,210 people have been provided with accommodation in Kotaik.", "state_provided_accommodation_by_marz", "AM-KT")]
    [InlineData("So far 1,210 people have been provided with accommodation in Yerevan.", "state_provided_accommodation_by_marz", "AM-ER")]
    [InlineData("In Syunik, WFP has distributed 184,300 hot meals.", "wfp_hot_meals_distributed", "AM-SU")]
    [InlineData("WFP has distributed 5,000 hot meals in Goris.", "wfp_hot_meals_distributed", "AM-SU-GORIS")]
    [InlineData("Since Sunday 100,000 refugees have crossed into Armenia at Kornidzor.", "cumulative_arrivals_in_armenia", "AM")]
    [InlineData("The fire at the fuel depot near Stepanakert killed 68 people.", "depot_blast_deaths", "NK-FUEL-DEPOT")]
    public void Extract_PlaceNames_PickTheLocation(string text, string metric, string location)
    {
        var figure = Extractor.Single(text);
        Assert.Equal(metric, figure.Metric);
        Assert.Equal(location, figure.Location);
    }

    [Fact]
    public void Extract_FigureWithoutMetric_KeepsTheNamedPlace() =>
        Assert.Equal("AM-SU-GORIS", Extractor.Single("In Goris, volunteers counted 2,500 children at the hub.").Location);

    [Theory]
    [InlineData("As of 26 September, 13,350 refugees had arrived in Armenia.", "2023-09-26", null)]
    [InlineData("As of 2023-09-25, 13,350 refugees had arrived in Armenia.", "2023-09-25", null)]
    [InlineData("As of 25/09/2023, 13,350 refugees had arrived in Armenia.", "2023-09-25", null)]
    [InlineData("As of 25.09.2023, 13,350 refugees had arrived in Armenia.", "2023-09-25", null)]
    [InlineData("As of September 24, 2023, 13,350 refugees had arrived in Armenia.", "2023-09-24", null)]
    [InlineData("As of Sept 24, 13,350 refugees had arrived in Armenia.", "2023-09-24", null)]
    [InlineData("Officials said yesterday that 13,350 refugees had arrived in Armenia.", "2023-09-26", null)]
    [InlineData("Officials said on Saturday that 13,350 refugees had arrived in Armenia.", "2023-09-23", null)]
    [InlineData("Officials said late on Tuesday that 13,350 refugees had arrived in Armenia.", "2023-09-26", null)]
    [InlineData("Officials said today that 13,350 refugees had arrived in Armenia.", "2023-09-27", null)]
    [InlineData("As of 8:00 pm, 13,350 refugees had arrived in Armenia.", "2023-09-27", "20:00")]
    [InlineData("As of 20:00 on 26 September, 13,350 refugees had arrived in Armenia.", "2023-09-26", "20:00")]
    [InlineData("By 5 a.m. on Tuesday 13,350 refugees had arrived in Armenia.", "2023-09-26", "05:00")]
    [InlineData("Since 24 September, 13,350 refugees have arrived in Armenia.", "2023-09-27", null)]
    [InlineData("In all, 13,350 refugees have arrived in Armenia.", "2023-09-27", null)]
    public void Extract_DatesAndTimes_ResolveAgainstThePublicationDate(string text, string date, string? time)
    {
        var figure = Extractor.Single(text);
        Assert.Equal(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture), figure.Date);
        Assert.Equal(time is null ? null : TimeOnly.ParseExact(time, "HH:mm", CultureInfo.InvariantCulture), figure.Time);
    }

    [Theory]
    [InlineData("As of 25 September, registration points in Goris were open day and night. Some 2,300 people were accommodated there.", "2023-09-25")]
    [InlineData("By Monday, registration points in Goris were open day and night. Some 2,300 people were accommodated there.", "2023-09-25")]
    [InlineData("Registration points in Goris reopened on 25 September. Some 2,300 people were accommodated there.", "2023-09-27")]
    [InlineData("As of 25 September, registration points in Goris were open.\n\nSome 2,300 people were accommodated there.", "2023-09-27")]
    public void Extract_DateOpeningAnEarlierSentenceOfTheParagraph_FramesTheFigure(string text, string date)
    {
        var figure = Extractor.Single(text);
        Assert.Equal(2300m, figure.Value);
        Assert.Equal(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture), figure.Date);
    }

    [Theory]
    [InlineData("year", "In 2023 refugees arrived in Armenia from Nagorno-Karabakh.")]
    [InlineData("year range", "The 1988-1994 war displaced refugees.")]
    [InlineData("decade", "Refugees who arrived in the 1990s stayed in Armenia.")]
    [InlineData("date", "On 24 September refugees arrived in Armenia.")]
    [InlineData("date range", "Between 19-20 September refugees fled to Armenia.")]
    [InlineData("time", "At 8:00 pm refugees arrived in Armenia.")]
    [InlineData("24-hour time", "At 20:00 refugees arrived in Armenia.")]
    [InlineData("duration", "Refugees waited 48 hours at the crossing before they arrived in Armenia.")]
    [InlineData("hyphenated duration", "After a 10-hour drive refugees arrived in Armenia.")]
    [InlineData("citation marker", "Refugees arrived in Armenia [3].")]
    [InlineData("citation list", "Refugees arrived in Armenia [3, 4].")]
    [InlineData("UN document code", "Refugees arrived in Armenia (see A/RES/77/1).")]
    [InlineData("agency document code", "Refugees arrived in Armenia (UNHCR-2023-0412).")]
    [InlineData("appeal code", "Refugees arrived in Armenia (appeal MDRAM012).")]
    [InlineData("exchange rate", "The exchange rate was 386 drams to the US dollar when refugees arrived.")]
    [InlineData("exchange rate equation", "Refugees arrived when 1 USD = 400 AMD.")]
    [InlineData("exchange rate per dollar", "The dram stood at 386.5 per U.S. dollar as refugees arrived.")]
    [InlineData("list numbering", "1. Refugees arrived in Armenia.")]
    [InlineData("list numbering with parenthesis", "2) Refugees arrived in Armenia.")]
    [InlineData("page furniture", "Refugees arrived in Armenia. Page 3 of 5")]
    [InlineData("page number line", "Refugees arrived in Armenia.\n- 2 -\n")]
    [InlineData("numbering", "Flash Update No. 4: refugees arrived in Armenia.")]
    [InlineData("annex", "Refugees arrived in Armenia (annex 2).")]
    [InlineData("telephone", "Refugees arrived in Armenia. Contact: +374 10 56 47 71")]
    [InlineData("age", "Ruben Vardanyan, 55, was detained as he tried to cross into Armenia with other refugees.")]
    [InlineData("tens of thousands", "Tens of thousands of refugees arrived in Armenia.")]
    [InlineData("hundreds of", "Hundreds of cars carrying refugees arrived in Armenia.")]
    [InlineData("thousands of", "Thousands of refugees arrived in Armenia.")]
    [InlineData("a few hundred", "A few hundred refugees arrived in Armenia.")]
    [InlineData("dozens", "Dozens of refugees arrived in Armenia.")]
    [InlineData("number word without a count", "The legacy of three wars shaped the refugees who arrived in Armenia.")]
    [InlineData("history", "The 1988-1994 war killed approximately 30,000 people.")]
    [InlineData("metres", "Refugees arrived in Armenia 500 m from the checkpoint.")]
    public void Extract_NonFigure_ProposesNothing(string kind, string text)
    {
        var found = Extractor.Extract(text);
        Assert.True(found.Count == 0, $"{kind}: \"{text}\" gave {string.Join(" | ", found.Select(f => f.Phrase))}");
    }

    [Fact]
    public void Extract_SameFigureTwice_ProposesItOnce()
    {
        var found = Extractor.Extract("More than 100,000 people have fled to Armenia. Aid agencies say more than 100,000 people have fled to Armenia.");
        Assert.Single(found);
    }

    [Fact]
    public void Extract_ListAfterATotal_BreaksItDownByMarz()
    {
        var found = Extractor.Extract("Accommodation has been provided to 9,214 people: 3,112 in Syunik, 1,850 in Vayots Dzor and 1,640 in Ararat.");
        Assert.Equal(
            ["state_provided_accommodation_cumulative:AM:9214", "state_provided_accommodation_by_marz:AM-SU:3112", "state_provided_accommodation_by_marz:AM-VD:1850", "state_provided_accommodation_by_marz:AM-AR:1640"],
            found.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Metric}:{f.Location}:{f.Value}")));
    }

    [Fact]
    public void Extract_LongReport_PhrasesAreVerbatimAtTheirOffsets()
    {
        var text = string.Join("\n\n", Enumerable.Repeat("As of 26 September, about 13,350 refugees had entered Armenia; the Government has prepared accommodation for up to 40,000 people.", 5));
        var found = Extractor.Extract(text);
        Assert.Equal(2, found.Count);
        Assert.All(found, f => Assert.Equal(f.Phrase, text.Substring(f.Start, f.Length)));
        Assert.Equal(["about 13,350 refugees", "up to 40,000 people"], found.Select(f => f.Phrase));
    }
}
