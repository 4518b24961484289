using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AuthServer.Data;

public static class DataExtensions
{
    /// <summary>
    /// Registers the pooled <see cref="AuthDbContext"/> on SQLite (the embedded default), and its migration, which
    /// the startup sequence runs. <c>ConnectionStrings:AuthServer</c> wins; without it the database is
    /// <c>{DataPath}/authserver.db</c>.
    /// </summary>
    public static WebApplicationBuilder AddAuthData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        builder.Services.AddDbContextPool<AuthDbContext>((services, options) => options
            .UseSqlite(SqliteConnectionString(
                services.GetRequiredService<IOptions<DatabaseOptions>>().Value,
                services.GetRequiredService<IOptions<AuthServerOptions>>().Value,
                services.GetRequiredService<IHostEnvironment>()))
            .AddInterceptors(new SqlitePragmas())
            .UseOpenIddict());
        builder.Services.AddScoped<DatabaseMigration>();
        builder.Services.AddHealthChecks().AddDbContextCheck<AuthDbContext>("database");
        return builder;
    }

    private static string SqliteConnectionString(DatabaseOptions database, AuthServerOptions server, IHostEnvironment environment)
    {
        var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(database.AuthServer)
            ? $"Data Source={Path.Combine(server.DataFolder(environment), "authserver.db")}"
            : database.AuthServer);
        if (csb.DataSource is { Length: > 0 } file && csb.Mode != SqliteOpenMode.Memory && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(file, environment.ContentRootPath);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            csb.DataSource = full;
        }

        // Writers wait for each other instead of failing with "database is locked".
        csb.DefaultTimeout = 30;
        csb.Pooling = true;
        return csb.ToString();
    }
}
