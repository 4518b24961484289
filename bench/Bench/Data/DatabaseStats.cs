using Microsoft.Data.Sqlite;

namespace Bench.Data;

/// <summary>Size of a SQLite database: the files on disk, and the bytes its live pages use (free pages excluded).</summary>
internal sealed record DatabaseStats(long FileBytes, long UsedBytes, long Tokens, long Authorizations)
{
    public static DatabaseStats Read(string databasePath)
    {
        var fileBytes = Size(databasePath) + Size(databasePath + "-wal");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var pageSize = Scalar("PRAGMA page_size");
        var used = (Scalar("PRAGMA page_count") - Scalar("PRAGMA freelist_count")) * pageSize;
        return new DatabaseStats(fileBytes, used, Scalar("SELECT count(*) FROM OpenIddictTokens"), Scalar("SELECT count(*) FROM OpenIddictAuthorizations"));
    }

    /// <summary>Rewrites the file without its free pages (offline: the server is stopped) and returns the new size.</summary>
    public static long Vacuum(string databasePath)
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;";
            command.ExecuteNonQuery();
        }

        return Size(databasePath) + Size(databasePath + "-wal");
    }

    private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
