using DisplacementDashboard.Core.History;

namespace DisplacementDashboard.UnitTests;

public class FigureChangesTests
{
    private static readonly FigureSnapshot Before = new("F1", "arrivals_cumulative", "AM", "2023-09-27", "08:00", 42500, "people", "exact", "S001", "first wording", false);

    [Fact]
    public void NewFigure_ChangesNothing() => Assert.Empty(FigureChanges.Between(null, Before));

    [Fact]
    public void NoteOnly_IsTheNote() =>
        Assert.Equal([FigureChanges.Note], FigureChanges.Between(Before, Before with { Note = "second wording" }));

    [Fact]
    public void NoteRemoved_IsTheNote_AndNullEqualsEmpty()
    {
        Assert.Equal([FigureChanges.Note], FigureChanges.Between(Before, Before with { Note = null }));
        Assert.Empty(FigureChanges.Between(Before with { Note = null }, Before with { Note = "" }));
    }

    [Fact]
    public void ValueSourceAndRetraction_AreEachNamed() =>
        Assert.Equal(
            new HashSet<string> { FigureChanges.Value, FigureChanges.Source, FigureChanges.Retracted },
            FigureChanges.Between(Before, Before with { Value = 42600, Source = "S002", Retracted = true }).ToHashSet());
}
