using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DisplacementDashboard.Core.Data.Configurations;

internal sealed class FigureConfiguration : IEntityTypeConfiguration<Figure>
{
    public void Configure(EntityTypeBuilder<Figure> builder)
    {
        builder.HasIndex(f => f.ExternalId).IsUnique();
        builder.Property(f => f.ExternalId).HasMaxLength(80);
        builder.Property(f => f.UnitCode).HasMaxLength(20);
        builder.Property(f => f.Note).HasMaxLength(2000);
        builder.Property(f => f.SourcePhrase).HasMaxLength(Figure.SourcePhraseMaxLength);

        // Series and KPI reads filter by metric and location and order by date and time.
        builder.HasIndex(f => new { f.MetricId, f.LocationId, f.ReferenceDate, f.LocalTime });
        // With IsRetracted beside SourceId, counting a source's shown figures (the sources list) reads the index
        // alone; SQLite without statistics picked a SourceId-only index and read 1,000,000 figure rows (5 s).
        builder.HasIndex(f => new { f.SourceId, f.IsRetracted });

        // Partial indexes over the figures the dashboards show. The filter is written exactly as EF Core emits
        // `!f.IsRetracted` (NOT ("IsRetracted")) so SQLite can match it. The grid's first page then walks the date
        // index instead of sorting the whole store, its total is counted from the index alone, and a source's
        // figures and counts come from the second index without reading figure rows (docs/performance.md).
        builder.HasIndex(f => new { f.ReferenceDate, f.LocalTime }, "IX_Figures_Shown_ReferenceDate_LocalTime").HasFilter("NOT (\"IsRetracted\")");
        builder.HasIndex(f => new { f.SourceId, f.ReferenceDate, f.LocalTime }, "IX_Figures_Shown_SourceId_ReferenceDate_LocalTime").HasFilter("NOT (\"IsRetracted\")");
        // The few retracted figures, for the editors' list of them (RetractedFigureQueries): counting and paging it
        // reads this small index instead of every figure in the store. The filter matches EF Core's `f.IsRetracted`.
        // IsRetracted leads so SQLite prefers it to (SourceId, IsRetracted) when the list is sorted by source, and
        // SourceId makes it cover that join (RetractedFiguresTests checks the plans).
        builder.HasIndex(f => new { f.IsRetracted, f.SourceId }, "IX_Figures_Retracted").HasFilter("\"IsRetracted\"");

        builder.HasOne(f => f.Metric).WithMany().HasForeignKey(f => f.MetricId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(f => f.Location).WithMany().HasForeignKey(f => f.LocationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(f => f.Unit).WithMany().HasForeignKey(f => f.UnitCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(f => f.Source).WithMany(s => s.Figures).HasForeignKey(f => f.SourceId).OnDelete(DeleteBehavior.Restrict);

        builder.ToTable(t => t.HasCheckConstraint("CK_Figures_Value_NonNegative", "\"Value\" >= 0"));
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.Property(f => f.UpdatedBy).HasMaxLength(256);
        builder.Property(f => f.VerifiedBy).HasMaxLength(256);
    }
}
