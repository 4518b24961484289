using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using ResourceApi.Auth;
using ResourceApi.Hosting;

namespace ResourceApi.Data;

/// <summary><c>GET /api/data</c> (api.read) and <c>POST /api/data</c> (api.write), for users and services alike.</summary>
public static partial class DataEndpoints
{
    public const int MaxTitleLength = 100;
    public const int MaxContentLength = 2000;
    private const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapData(this IEndpointRouteBuilder api)
    {
        var data = api.MapGroup("/data");
        data.MapGet("/", List)
            .RequireAuthorization(Policies.ReadData)
            .WithName("ListData")
            .WithTags("Data")
            .WithSummary("The stored items, oldest first.");
        data.MapPost("/", CreateAsync)
            .RequireAuthorization(Policies.WriteData)
            .WithMetadata(new JsonRequestBody(typeof(NewDataItem)))
            .WithMetadata(new BodyLimit(MaxBodyBytes))
            .WithName("CreateData")
            .WithTags("Data")
            .WithSummary("Stores a new item.");
        return api;
    }

    private static Ok<DataList> List(DataStore store) => TypedResults.Ok(new DataList(store.List()));

    /// <summary>The body is read here rather than bound, so that malformed JSON is a validation problem too.</summary>
    private static async Task<Results<Ok<DataItem>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, DataStore store, ILogger<DataStore> logger, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "The body must be JSON (Content-Type: application/json).");
        }

        NewDataItem? input;
        try
        {
            input = await request.ReadFromJsonAsync<NewDataItem>(cancellationToken);
        }
        catch (JsonException)
        {
            return TypedResults.ValidationProblem(Error("body", "The body is not a JSON object of the expected shape."));
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's verdict on the body itself: too large (413, see BodyLimit) or cut short.
            return TypedResults.Problem(statusCode: exception.StatusCode, detail: "The body could not be read.");
        }

        var errors = Validate(input);
        if (input is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var item = store.Add(input.Title!.Trim(), input.Content, user.FindFirst("sub")?.Value ?? "(unknown)");
        LogCreated(logger, item.Id, item.CreatedBy);
        return TypedResults.Ok(item);
    }

    /// <summary>The annotations on <see cref="NewDataItem"/> are the rules, here and in the OpenAPI schema.</summary>
    private static Dictionary<string, string[]> Validate(NewDataItem? input)
    {
        if (input is null)
        {
            return Error("body", "The body must be a JSON object.");
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        return results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("body"), (r, member) => (Field: JsonNamingPolicy.CamelCase.ConvertName(member), r.ErrorMessage))
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "Invalid value.").ToArray(), StringComparer.Ordinal);
    }

    private static Dictionary<string, string[]> Error(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Data item {ItemId} created by {CreatedBy}")]
    private static partial void LogCreated(ILogger logger, Guid itemId, string createdBy);
}

/// <summary>Routing applies this to the request's max body size: the items are small, so is the limit.</summary>
internal sealed class BodyLimit(long bytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = bytes;
}

public sealed class NewDataItem
{
    [Required(ErrorMessage = "The title is required.")]
    [StringLength(DataEndpoints.MaxTitleLength, ErrorMessage = "The title must be at most {1} characters.")]
    public string? Title { get; init; }

    [StringLength(DataEndpoints.MaxContentLength, ErrorMessage = "The content must be at most {1} characters.")]
    public string? Content { get; init; }
}

public sealed record DataList(IReadOnlyList<DataItem> Items);
