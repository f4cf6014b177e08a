using System.Text.RegularExpressions;

namespace DisplacementDashboard.Core.Extraction;

/// <summary>Where a cue must stand relative to the number's phrase.</summary>
internal enum CueSide
{
    Any,
    Before,
    After,
}

/// <summary>Words that point to a metric, how strongly, and how near the number they must stand.</summary>
internal sealed record Cue(Regex Pattern, double Weight, CueSide Side, int MaxDistance);

/// <summary>
/// The sentence and paragraph a number stands in, for cues that only apply in some contexts. Each test is run once per
/// sentence, and once per paragraph for the whole paragraph (<paramref name="paragraphTests"/> is shared by its sentences).
/// </summary>
internal sealed class CueContext(string text, (int Start, int End) sentence, (int Start, int End) paragraph, Dictionary<(int Paragraph, Regex Test), bool> paragraphTests)
{
    private readonly Dictionary<Regex, bool> _sentenceTests = [];

    public bool InSentence(Regex test)
    {
        if (!_sentenceTests.TryGetValue(test, out var found))
        {
            found = test.IsMatch(text.AsSpan(sentence.Start, sentence.End - sentence.Start));
            _sentenceTests[test] = found;
        }

        return found;
    }

    public bool InParagraph(Regex test)
    {
        if (!paragraphTests.TryGetValue((paragraph.Start, test), out var found))
        {
            found = test.IsMatch(text.AsSpan(paragraph.Start, paragraph.End - paragraph.Start));
            paragraphTests[(paragraph.Start, test)] = found;
        }

        return found;
    }

    public bool SentenceContains(string words) =>
        text.AsSpan(sentence.Start, sentence.End - sentence.Start).Contains(words, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// One metric's synonyms: the words reports use for it, the place its figures belong to when the text names none,
/// and whether it is a national measure (a crossing point or a town named beside it does not make it local).
/// </summary>
internal sealed record MetricCueSet(string Code, string? DefaultLocation, bool National, IReadOnlyList<Cue> Cues, Func<CueContext, bool>? Applies = null);

/// <summary>
/// The synonym list for the store's metrics (data/seed/metrics.csv): the words analysts read as "arrivals", "people in
/// state accommodation", "the IFRC appeal" and so on. A metric the store has and this list does not is still found by its
/// name; a code here the store does not have is ignored.
/// </summary>
internal static class MetricCues
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    private static readonly Regex Blast = new(@"\b(?:explosion|blast|fuel depot|depot|fire)\b", Options);
    private static readonly Regex Offensive = new(@"\b(?:offensive|fighting|military operation|hostilities|escalation|attack|clashes)\b", Options);
    private static readonly Regex OneDay = new(@"\b(?:(?:past|last) 24 hours|in a single day|in one day|alone|per day|a day\b|daily|in the last day|over the past day)", Options);
    private static readonly Regex OneTime = new(@"\b(?:one-time|one-off|lump[- ]sum)\b", Options);
    private static readonly Regex Monthly = new(@"\b(?:monthly|per month|a month|rent|utilities|housing support)\b", Options);
    private static readonly Regex Wfp = new(@"\b(?:WFP|World Food Programme)\b", Options);
    private static readonly Regex Target = new(@"\b(?:reach|target\w*|aims?|plan\w*)\b", Options);

    public static IReadOnlyList<MetricCueSet> All { get; } =
    [
        Set("first_group_size", "AM", false, [C(@"\bfirst (?:group|refugees|arrivals|evacuees|bus|convoy)\b", 4)]),
        Set("arrivals_on_day", "AM", true,
            [C(@"\b(?:arrived|arrivals|entered|crossed|fled|came)\b", 3), C(@"\b(?:people|persons|refugees)\b", 2, CueSide.After, 30)],
            c => c.InSentence(OneDay)),
        Set("cumulative_arrivals_in_armenia", "AM", true,
        [
            C(@"\b(?:arrived|arrivals|have entered|had entered|entered Armenia|crossed into Armenia|have crossed|had crossed|crossed|fled|flee|have left|reached Armenia|forcibly displaced persons|displaced persons|been registered|registered|exodus)\b", 2),
            C(@"\b(?:departure|departed|left their homes|lost their homes|uprooted)\b", 2),
            C(@"\b(?:refugees|displaced|evacuated|evacuees)\b", 1),
        ]),
        Set("population_pre_exodus", "NK", true,
        [
            C(@"\bpopulation (?:of|estimated at|was estimated at|was|stood at)\b", 3, CueSide.Before, 35),
            C(@"\b(?:\w+ )?inhabitants\b", 3, CueSide.After, 40),
            C(@"\b(?:ethnic Armenians )?lived in\b", 3, CueSide.After, 40),
            C(@"\bbefore the (?:exodus|offensive|escalation|war|blockade)\b", 3, CueSide.After, 40),
        ]),
        Set("share_of_population_fled", "AM", true, [C(@"\b(?:population|inhabitants)\b", 2, CueSide.After, 80)]),
        Set("refugees_share_of_armenia_population", "AM", true,
            [C(@"\b(?:its (?:entire |total )?population|Armenia's (?:entire |total )?population|population of Armenia)\b", 3, CueSide.After, 60)]),
        Set("armenia_population", "AM", true,
            [C(@"\b(?:a nation of|a country of|population of Armenia|Armenia's population of|Armenia has a population of)\b", 3, CueSide.Before, 40)]),
        Set("planned_reception_capacity", "AM", true,
            [C(@"\b(?:prepared (?:accommodation )?(?:to receive|for|to host|to accept)|prepared accommodation|ready to (?:receive|accept|host)|reception capacity|capacity to (?:receive|host)|places? (?:ready|prepared))\b", 4, CueSide.Any, 80)]),
        Set("expected_arrivals_planning", "AM", true,
            [C(@"\b(?:planned for the arrival|planning assumption|expected arrivals|DREF)\b", 4, CueSide.Any, 80)]),
        Set("planning_figure_refugees", "AM", true, [C(@"\bplanning figure\b", 4, CueSide.Before, 40)]),
        Set("state_provided_accommodation_cumulative", "AM", false,
            [C(@"\b(?:accommodation (?:has|had|have) been provided|provided (?:with )?accommodation|state-provided accommodation|government housing|state housing|(?:been|were|was|are|is) housed|placed in (?:state|government)|accommodated)\b", 3)]),
        Set("rrp_partners", "AM", true, [C(@"\b(?:partners|partner organi[sz]ations)\b", 2, CueSide.After, 15)]),
        Set("rrp_partners_national_ngos", "AM", true, [C(@"\bnational (?:NGOs|non-governmental organi[sz]ations)\b", 4, CueSide.After, 15)]),
        Set("rrp_target_population_total", "AM", true, [C(@"\b(?:aims? to reach|to reach|targets?)\b", 3, CueSide.Before, 30)], c => c.InSentence(Target)),
        Set("rrp_target_refugees", "AM", true, [C(@"\brefugees\b", 3, CueSide.After, 10)], c => c.InSentence(Target)),
        Set("rrp_target_host_community", "AM", true, [C(@"\b(?:members of )?host communit(?:y|ies)\b", 4, CueSide.After, 15)], c => c.InSentence(Target)),
        Set("appeal_amount_rrp", "AM", true,
            [C(@"\b(?:UNHCR|Refugee Response Plan|response plan|RRP|inter-agency)\b", 3), C(@"\b(?:appeal|requested|seek|seeks|seeking|requires)\b", 1)]),
        Set("appeal_amount_unicef_hac", "AM", true, [C(@"\bUNICEF\b", 3)]),
        Set("appeal_amount_iom", "AM", true, [C(@"\b(?:IOM|International Organization for Migration)\b", 3)]),
        Set("appeal_amount_ifrc", "AM", true, [C(@"\b(?:IFRC|Federation|Red Cross|emergency appeal|funding requirements?)\b", 3)]),
        Set("donor_pledge_usa", "AM", true, [C(@"\b(?:United States|U\.S\.|USAID|Washington|American government)", 3)]),
        Set("donor_pledge_eu", "AM", true, [C(@"\b(?:European Union|EU|European Commission|Brussels)\b", 3)]),
        Set("donor_pledge_switzerland", "AM", true, [C(@"\b(?:Switzerland|Swiss government|Swiss Agency|Bern)\b", 3)]),
        Set("donor_pledges_via_icrc", "AM", true, [C(@"\b(?:ICRC|other donors)\b", 2)]),
        Set("gov_cash_one_time_per_person", "AM", true, [C(@"\b(?:one-time|one-off|lump[- ]sum)\b", 3)]),
        Set("gov_cash_monthly_per_person", "AM", true, [C(@"\b(?:monthly|per month|a month|rent and utilities)\b", 3)]),
        Set("one_time_payment_recipients", "AM", true, [C(@"\b(?:paid to|have received|had received|received)\b", 3, CueSide.Before, 30)], c => c.InSentence(OneTime)),
        Set("living_expense_payment_recipients", "AM", true, [C(@"\b(?:paid to|have received|had received|received)\b", 3, CueSide.Before, 30)], c => c.InSentence(Monthly)),
        Set("wfp_hot_meals_distributed", "AM", false, [C(@"\b(?:distributed|served|provided|delivered)\b", 3)], c => c.InSentence(Wfp) && c.SentenceContains("meals")),
        Set("wfp_hot_meals_planned", "AM", false, [C(@"\b(?:plans?|planned|will|aims?)\b", 3)], c => c.InSentence(Wfp) && c.SentenceContains("hot meals")),
        Set("wfp_food_parcels_coverage", "AM", true, [C(@"\bfood parcels\b", 3, CueSide.Any, 30)], c => c.InParagraph(Wfp)),
        Set("wfp_food_cards_coverage", "AM", true, [C(@"\bfood cards\b", 3, CueSide.Any, 30)], c => c.InParagraph(Wfp)),
        Set("depot_blast_deaths", "NK-FUEL-DEPOT", true, [C(@"\b(?:killed|dead|deaths|death toll|died|lost their lives|bodies)\b", 3)], IsBlast),
        Set("depot_blast_injured", "NK-FUEL-DEPOT", true, [C(@"\b(?:injur\w*|wounded|burns|hurt|hospitali[sz]ed)\b", 3)], IsBlast),
        Set("depot_blast_missing", "NK-FUEL-DEPOT", true, [C(@"\b(?:missing|unaccounted)\b", 3)], IsBlast),
        Set("offensive_killed", "NK", true, [C(@"\b(?:killed|dead|deaths|death toll|died)\b", 2)], c => !IsBlast(c)),
        Set("offensive_killed_armenian_side", "NK", true, [C(@"\brevised (?:death )?toll\b", 4)], c => !IsBlast(c)),
    ];

    private static bool IsBlast(CueContext c) =>
        c.InSentence(Blast) || (c.InParagraph(Blast) && !c.InSentence(Offensive));

    /// <summary>A cue built from a metric's own name, for metrics this list does not know.</summary>
    public static MetricCueSet FromName(VocabularyMetric metric) =>
        new(metric.Code, null, false, [new Cue(new Regex(@"\b" + Regex.Escape(metric.Name) + @"\b", Options), 2, CueSide.Any, 200)]);

    private static MetricCueSet Set(string code, string? defaultLocation, bool national, IReadOnlyList<Cue> cues, Func<CueContext, bool>? applies = null) =>
        new(code, defaultLocation, national, cues, applies);

    private static Cue C(string pattern, double weight, CueSide side = CueSide.Any, int maxDistance = 400) =>
        new(new Regex(pattern, Options), weight, side, maxDistance);
}
