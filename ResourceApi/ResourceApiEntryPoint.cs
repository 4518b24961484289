namespace ResourceApi;

/// <summary>Marker type for <c>WebApplicationFactory&lt;T&gt;</c>: several apps in one test process each have a <c>Program</c>.</summary>
public sealed class ResourceApiEntryPoint;
