using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DisplacementDashboard.Core.Data.Configurations;

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<Revision>
{
    public void Configure(EntityTypeBuilder<Revision> builder)
    {
        builder.Property(r => r.EntityType).HasMaxLength(20);
        builder.Property(r => r.UserName).HasMaxLength(256);
        builder.Property(r => r.Reason).HasMaxLength(1000);
        builder.Property(r => r.ImportFile).HasMaxLength(260);
        builder.Property(r => r.ImportSha256).HasMaxLength(64);
        builder.HasIndex(r => new { r.EntityType, r.EntityId, r.Number }).IsUnique();
        builder.HasIndex(r => new { r.EntityType, r.AtUtc });
    }
}
