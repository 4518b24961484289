namespace ResourceApi.Data;

/// <summary>A demo store kept in memory: the newest <see cref="Capacity"/> items, so posting cannot exhaust memory.</summary>
public sealed class DataStore(TimeProvider clock)
{
    public const int Capacity = 100;

    private readonly Lock _gate = new();
    private readonly Queue<DataItem> _items = new();

    public IReadOnlyList<DataItem> List()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    public DataItem Add(string title, string? content, string createdBy)
    {
        var item = new DataItem(Guid.NewGuid(), title, content, createdBy, clock.GetUtcNow());
        lock (_gate)
        {
            _items.Enqueue(item);
            while (_items.Count > Capacity)
            {
                _items.Dequeue();
            }
        }

        return item;
    }
}

public sealed record DataItem(Guid Id, string Title, string? Content, string CreatedBy, DateTimeOffset CreatedAt);

public static class DataStoreExtensions
{
    public static WebApplicationBuilder AddDataStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DataStore>();
        return builder;
    }
}
