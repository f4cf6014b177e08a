using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DisplacementDashboard.Core.Data.Configurations;

internal sealed class MetricConfiguration : IEntityTypeConfiguration<Metric>
{
    public void Configure(EntityTypeBuilder<Metric> builder)
    {
        builder.HasIndex(m => m.Code).IsUnique();
        builder.Property(m => m.Code).HasMaxLength(80);
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.Description).HasMaxLength(1000);
        builder.Property(m => m.HxlHashtag).HasMaxLength(200);
        builder.Property(m => m.RetiredBy).HasMaxLength(256);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.Property(m => m.UpdatedBy).HasMaxLength(256);
    }
}
