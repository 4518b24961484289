using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Data;

/// <summary>
/// One database for Identity users, OpenIddict's applications/authorizations/scopes/tokens, the signing keys
/// and the record of what the seed file created. Nothing here is provider-specific.
/// </summary>
public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<StoredKey> SigningKeys => Set<StoredKey>();

    public DbSet<SeededEntry> SeededEntries => Set<SeededEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();

        builder.Entity<StoredKey>(key =>
        {
            key.ToTable("SigningKeys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(64);
            key.Property(k => k.Algorithm).HasMaxLength(16);
            key.Property(k => k.Use).HasMaxLength(8);
        });

        builder.Entity<SeededEntry>(entry =>
        {
            entry.ToTable("SeededEntries");
            entry.HasKey(e => new { e.Kind, e.Name });
            entry.Property(e => e.Kind).HasMaxLength(16);
            entry.Property(e => e.Name).HasMaxLength(256);
        });
    }
}
