using Microsoft.EntityFrameworkCore;

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
        builder.Services.AddSingleton<SqliteDatabase>();
        builder.Services.AddDbContextPool<AuthDbContext>((services, options) => options
            .UseSqlite(services.GetRequiredService<SqliteDatabase>().ConnectionString)
            .AddInterceptors(new SqlitePragmas())
            .UseOpenIddict());
        builder.Services.AddScoped<DatabaseMigration>();
        return builder;
    }
}
