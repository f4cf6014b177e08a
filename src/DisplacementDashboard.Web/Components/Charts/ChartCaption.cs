namespace DisplacementDashboard.Web.Components.Charts;

/// <summary>
/// The text a chart needs to stand on its own once it leaves the page (an image in a report or a post): what it shows,
/// where the numbers come from, how recent they are, and where to check them.
/// </summary>
/// <param name="Title">The chart's title.</param>
/// <param name="Source">"Sources: ..." naming every source of a plotted figure.</param>
/// <param name="AsOf">"Figures as of ...": the latest plotted figure's date and time.</param>
/// <param name="Address">The absolute address of the view the chart was taken from.</param>
/// <param name="Key">The chart's short labels spelled out ("1 · 19 Sept 2023: Azerbaijani offensive begins").</param>
public sealed record ChartCaption(string Title, string Source, string AsOf, string Address, IReadOnlyList<string> Key);
