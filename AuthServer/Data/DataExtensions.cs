using AuthServer.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Data;

public static class DataExtensions
{
    /// <summary>
    /// Registers the pooled <see cref="AuthDbContext"/> on SQLite (the embedded default). The connection string
    /// <c>ConnectionStrings:AuthServer</c> wins; without it the database is <c>{DataPath}/authserver.db</c>.
    /// </summary>
    public static WebApplicationBuilder AddAuthData(this WebApplicationBuilder builder)
    {
        var connectionString = SqliteConnectionString(builder);
        builder.Services.AddDbContextPool<AuthDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas())
            .UseOpenIddict());
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddHealthChecks().AddDbContextCheck<AuthDbContext>("database");
        return builder;
    }

    /// <summary>
    /// True while SQLite is the database (today always). Kept as one question so the PostgreSQL work can answer it:
    /// SQLite-only tuning (one writer, group commit) is switched off there.
    /// </summary>
    public static bool UsesSqlite(WebApplicationBuilder builder) => true;

    private static string SqliteConnectionString(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("AuthServer");
        var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? $"Data Source={Path.Combine(DataFolder(builder), "authserver.db")}"
            : configured);
        if (csb.DataSource is { Length: > 0 } file && csb.Mode != SqliteOpenMode.Memory && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(file, builder.Environment.ContentRootPath);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            csb.DataSource = full;
        }

        // Writers wait for each other instead of failing with "database is locked".
        csb.DefaultTimeout = 30;
        csb.Pooling = true;
        return csb.ToString();
    }

    /// <summary>The absolute data folder (database, Data Protection keys), created if missing.</summary>
    public static string DataFolder(WebApplicationBuilder builder)
    {
        var relative = builder.Configuration[$"{AuthServerOptions.Section}:{nameof(AuthServerOptions.DataPath)}"] ?? "data";
        var folder = Path.GetFullPath(relative, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
