namespace OAuthSuite.Testing;

/// <summary>One <see cref="Stack"/> shared by a test class (<c>IClassFixture&lt;StackFixture&gt;</c>); override <see cref="Options"/> to change it.</summary>
public class StackFixture : IAsyncLifetime
{
    private Stack? _stack;

    public Stack Stack => _stack ?? throw new InvalidOperationException("The stack has not started.");

    protected virtual StackOptions Options => new();

    public async Task InitializeAsync() => _stack = await Stack.StartAsync(Options);

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }
}
