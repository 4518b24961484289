namespace DemoClient;

/// <summary>A public type in this assembly for <c>WebApplicationFactory&lt;T&gt;</c>; the test project references three web apps.</summary>
public sealed class DemoClientEntryPoint;
