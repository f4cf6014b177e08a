using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DisplacementDashboard.Core.Data.Configurations;

internal sealed class SourceFigureCountConfiguration : IEntityTypeConfiguration<SourceFigureCount>
{
    public void Configure(EntityTypeBuilder<SourceFigureCount> builder)
    {
        builder.HasKey(c => c.SourceId);
        builder.Property(c => c.SourceId).ValueGeneratedNever();
        builder.HasOne<Source>().WithOne().HasForeignKey<SourceFigureCount>(c => c.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
