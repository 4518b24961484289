using System.Text.Json;
using Microsoft.Playwright;

namespace Browser.Tests.Infrastructure;

/// <summary>
/// Chromium's own accessibility tree for a page (DevTools protocol <c>Accessibility.getFullAXTree</c>): the roles
/// and names a screen reader is given, not what the markup hopes for.
/// </summary>
internal sealed record AccessibilityTree(IReadOnlyList<AccessibilityTree.Node> Nodes)
{
    /// <summary>Roles a person operates; each needs a name to be announced by (Chromium calls a summary a DisclosureTriangle).</summary>
    private static readonly HashSet<string> Controls = new(StringComparer.Ordinal)
    {
        "button", "DisclosureTriangle", "checkbox", "combobox", "link", "listbox", "menuitem", "radio", "searchbox", "slider", "spinbutton", "switch", "tab", "textbox",
    };

    public sealed record Node(string Role, string Name, int? Level);

    public static async Task<AccessibilityTree> ReadAsync(IPage page)
    {
        var devTools = await page.Context.NewCDPSessionAsync(page);
        try
        {
            var result = await devTools.SendAsync("Accessibility.getFullAXTree")
                ?? throw new InvalidOperationException("Accessibility.getFullAXTree returned nothing.");
            var nodes = result.GetProperty("nodes").EnumerateArray()
                .Where(n => !(n.TryGetProperty("ignored", out var ignored) && ignored.GetBoolean()))
                .Select(n => new Node(Value(n, "role"), Value(n, "name"), Level(n)))
                .ToList();
            return new AccessibilityTree(nodes);
        }
        finally
        {
            await devTools.DetachAsync();
        }
    }

    public IEnumerable<Node> ControlsWithoutName => Nodes.Where(n => Controls.Contains(n.Role) && string.IsNullOrWhiteSpace(n.Name));

    public IEnumerable<Node> Headings(int level) => Nodes.Where(n => n.Role == "heading" && n.Level == level);

    public IEnumerable<Node> WithRole(string role) => Nodes.Where(n => n.Role == role);

    public override string ToString() => string.Join("\n", Nodes.Where(n => n.Role is not ("none" or "generic" or "StaticText" or "InlineTextBox"))
        .Select(n => $"{n.Role}{(n.Level is { } l ? $" (level {l})" : string.Empty)}: {n.Name}"));

    private static string Value(JsonElement node, string property) =>
        node.TryGetProperty(property, out var p) && p.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    private static int? Level(JsonElement node) =>
        node.TryGetProperty("properties", out var properties)
            ? properties.EnumerateArray()
                .Where(p => p.GetProperty("name").GetString() == "level")
                .Select(p => (int?)p.GetProperty("value").GetProperty("value").GetInt32())
                .FirstOrDefault()
            : null;
}
