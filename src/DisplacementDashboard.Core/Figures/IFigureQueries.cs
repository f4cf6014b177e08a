namespace DisplacementDashboard.Core.Figures;

/// <summary>Read-only access to figures, sources and events for the pages (no tracking, projected rows).</summary>
public interface IFigureQueries
{
    /// <summary>All figures matching the filter, ordered by day and time.</summary>
    Task<IReadOnlyList<FigureRow>> GetFiguresAsync(FigureFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Money figures and assistance figures for the aid page (see <see cref="Dashboard.AidGrouping"/>), filtered in SQL:
    /// loading every figure and filtering in memory does not scale with the store.
    /// </summary>
    /// <remarks>With <paramref name="publishedBy"/>, only those whose source had been published by then.</remarks>
    Task<IReadOnlyList<FigureRow>> GetAidFiguresAsync(History.PublishedCutoff? publishedBy = null, CancellationToken cancellationToken = default);

    /// <summary>One page of figures for the grid, with disagreements computed against all figures, not only the page.</summary>
    Task<FigurePage> GetPageAsync(FigureFilter filter, int skip, int take, FigureSort sort, bool descending, CancellationToken cancellationToken = default);

    /// <summary>The timeline's events by date; with <paramref name="publishedBy"/>, those whose source had been published by then.</summary>
    Task<IReadOnlyList<EventRow>> GetEventsAsync(History.PublishedCutoff? publishedBy = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SourceSummary>> GetSourcesAsync(CancellationToken cancellationToken = default);

    Task<SourceSummary?> GetSourceAsync(int id, CancellationToken cancellationToken = default);

    Task<FilterOptions> GetFilterOptionsAsync(CancellationToken cancellationToken = default);
}
