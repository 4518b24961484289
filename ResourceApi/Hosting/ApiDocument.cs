using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ResourceApi.Auth;

namespace ResourceApi.Hosting;

/// <summary>
/// <c>/openapi/v1.json</c>: the endpoints, a Bearer (JWT) security scheme, and per operation the scopes its
/// policy needs (OpenAPI 3.1 allows scope names in requirements for non-OAuth schemes).
/// </summary>
public static class ApiDocument
{
    public const string SchemeName = "Bearer";

    public static WebApplicationBuilder AddApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(AddBearerSchemeAsync);
            options.AddOperationTransformer(AddSecurityRequirementAsync);
            options.AddOperationTransformer(AddJsonRequestBodyAsync);
        });
        return builder;
    }

    private static Task AddBearerSchemeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "OAuthSuite ResourceApi";
        document.Info.Description = "Accepts RFC 9068 JWT access tokens from the AuthServer (audience resource-api).";
        document.AddComponent<IOpenApiSecurityScheme>(SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token (typ at+jwt) from the AuthServer's token endpoint.",
        });
        return Task.CompletedTask;
    }

    private static async Task AddJsonRequestBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonRequestBody>().FirstOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, cancellationToken: cancellationToken) },
                },
            };
        }
    }

    private static async Task AddSecurityRequirementAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var policyNames = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy).OfType<string>().ToList();
        if (policyNames.Count == 0)
        {
            return;
        }

        var policies = context.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>();
        var scopes = new List<string>();
        foreach (var name in policyNames)
        {
            if (await policies.GetPolicyAsync(name) is { } policy)
            {
                scopes.AddRange(policy.Requirements.OfType<ScopeRequirement>().Select(r => r.Scope));
            }
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [.. scopes.Distinct()] }];
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or an invalid one (WWW-Authenticate: Bearer error=\"invalid_token\")." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token lacks a needed scope (WWW-Authenticate: Bearer error=\"insufficient_scope\")." });
    }
}

/// <summary>
/// Describes the JSON body for the OpenAPI document only. <c>Accepts&lt;T&gt;</c> would also make routing answer
/// 415 before authentication runs, so a caller without a token would not get RFC 6750's 401.
/// </summary>
public sealed record JsonRequestBody(Type Type);
