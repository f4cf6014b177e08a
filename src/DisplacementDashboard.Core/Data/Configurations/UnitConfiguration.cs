using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DisplacementDashboard.Core.Data.Configurations;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.HasKey(u => u.Code);
        builder.Property(u => u.Code).HasMaxLength(20);
        builder.Property(u => u.Name).HasMaxLength(100);
        builder.Property(m => m.Currency).HasMaxLength(3);
        builder.HasIndex(m => m.Id).IsUnique();
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.RetiredBy).HasMaxLength(256);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.Property(m => m.UpdatedBy).HasMaxLength(256);
    }
}
