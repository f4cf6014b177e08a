using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DisplacementDashboard.Core.Data.Configurations;

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> builder)
    {
        builder.HasIndex(l => l.Code).IsUnique();
        builder.Property(l => l.Code).HasMaxLength(40);
        builder.Property(l => l.Name).HasMaxLength(200);
        builder.HasOne(l => l.Parent).WithMany().HasForeignKey(l => l.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.PCode).HasMaxLength(40);
        builder.Property(l => l.NameHy).HasMaxLength(200);
        builder.Property(l => l.NameRu).HasMaxLength(200);
        builder.Property(m => m.RetiredBy).HasMaxLength(256);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.Property(m => m.UpdatedBy).HasMaxLength(256);
    }
}
