using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ServiceUsage.Domain.Orders;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>
/// /openapi/v1.json as the contract a generated client relies on: what the controllers declare, plus what every
/// operation can answer (problems for 400/401/403/413/415/500/503), documented headers, enums for wire names, and
/// <c>servers</c> from <c>Api__PublicUrl</c> (a relative "/" without it), never from the request's Host.
/// </summary>
public static class ApiDocument
{
    public const string PublicUrlSetting = "Api:PublicUrl";
    public const string ProblemSchema = "Problem";

    public static IServiceCollection AddServiceUsageOpenApi(this IServiceCollection services, IConfiguration config)
    {
        var publicUrl = config[PublicUrlSetting];
        if (!string.IsNullOrWhiteSpace(publicUrl) && !Uri.TryCreate(publicUrl, UriKind.Absolute, out _))
            throw new InvalidOperationException($"Configuration error: Api__PublicUrl must be an absolute URL such as https://billing.example.org, not '{publicUrl}'.");
        services.AddOpenApi(o =>
        {
            // The document describes the platform's API only, not the portal's own form and download endpoints.
            o.ShouldInclude = d => d.RelativePath?.StartsWith(ApiControllerBase.Prefix + "/", StringComparison.Ordinal) == true;
            o.AddOperationTransformer((operation, context, _) =>
            {
                DescribeHeadersAndEnums(operation, context);
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, context, _) =>
            {
                DescribeWireTypes(schema, context);
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document, string.IsNullOrWhiteSpace(publicUrl) ? "/" : publicUrl.TrimEnd('/'));
                return Task.CompletedTask;
            });
        });
        return services;
    }

    private static void DescribeHeadersAndEnums(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var header in metadata.OfType<ResponseHeaderAttribute>())
            if (operation.Responses?.TryGetValue(header.Status.ToString(), out var response) == true && response is OpenApiResponse r)
                AddHeader(r, header.Name, header.Description);

        // Bodies are read as application/json (UTF-8 or UTF-16) only.
        if (operation.RequestBody is OpenApiRequestBody { Content: { } media })
            foreach (var other in media.Keys.Where(k => k != "application/json").ToList()) media.Remove(other);
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name == "orderId") parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = InputRules.OrderIdPattern };
            if (parameter.Name == "planId" && parameter.In == ParameterLocation.Path)
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = Domain.Plans.PlanRules.IdPattern };
        }
        foreach (var parameter in context.Description.ParameterDescriptions)
        {
            var wire = (parameter.ParameterDescriptor as Microsoft.AspNetCore.Mvc.Controllers.ControllerParameterDescriptor)
                ?.ParameterInfo.GetCustomAttribute<WireEnumAttribute>();
            if (wire is null) continue;
            var target = operation.Parameters?.FirstOrDefault(p => p.Name == parameter.Name);
            if (target is OpenApiParameter p)
                p.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = Enum.GetValues(wire.EnumType).Cast<Enum>().Select(v => (JsonNode)JsonValue.Create(Wire(v))!).ToList(),
                };
        }
    }

    /// <summary>
    /// The API's own converters (money, times) and enums, described as the server reads and writes them: money a
    /// number with at most 4 places, times RFC 3339 strings (requests also take Unix seconds), enums strings.
    /// </summary>
    private static void DescribeWireTypes(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var declared = context.JsonPropertyInfo?.PropertyType ?? context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(declared) is not null ? JsonSchemaType.Null : 0;
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type == typeof(decimal))
        {
            schema.Type = JsonSchemaType.Number | nullable;
            schema.Format = null;
            schema.MultipleOf = 0.0001m;
        }
        else if (type == typeof(DateTime))
        {
            var request = context.JsonPropertyInfo?.DeclaringType.Name.EndsWith("Request", StringComparison.Ordinal) == true;
            schema.Type = (request ? JsonSchemaType.String | JsonSchemaType.Integer : JsonSchemaType.String) | nullable;
            schema.Format = request ? null : "date-time";
            // A property's own [Description] (quoteTime's) says more than the general format.
            schema.Description = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), true)
                .OfType<System.ComponentModel.DescriptionAttribute>().FirstOrDefault()?.Description ?? (request
                ? "RFC 3339 with an offset (2026-01-31T10:00:00Z), or Unix seconds."
                : "RFC 3339, UTC (2026-01-31T10:00:00Z).");
        }
        else if (type == typeof(string) && context.JsonPropertyInfo is { } property
            && property.DeclaringType.Name.EndsWith("Request", StringComparison.Ordinal) && property.Name is "planId" or "serviceId")
        {
            schema.Pattern = Domain.Plans.PlanRules.IdPattern;
        }
        else if (schema.Items is null && type.IsAssignableTo(typeof(IEnumerable<DateTime>)))
        {
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
        }
        else if (type.IsEnum && schema.Enum is { Count: > 0 } values)
        {
            schema.Type = JsonSchemaType.String;
            foreach (var missing in values.Where(v => v is null).ToList()) values.Remove(missing);
        }
    }

    private static void Describe(OpenApiDocument document, string server)
    {
        document.Info.Title = "ServiceUsage API";
        document.Info.Description = "Billing of the cloud platform: amount, speed, purchase orders, plans, statements, events and API tokens. " +
            "Every error is an RFC 9457 problem (application/problem+json). A path that exists answers 405 to a method it does not take.";
        document.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" };
        document.Servers = [new OpenApiServer { Url = server, Description = "This deployment" }];
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            tag.Description = tag.Name switch
            {
                "Usage" => "amount and speed: what a user or an order consumed, and spends per hour.",
                "PurchaseOrders" => "Buy, read, cancel and upgrade purchase orders; their charges.",
                "Plans" => "The catalogue and plan versions (admins add, edit and delete future versions).",
                "Tokens" => "API tokens (admins only).",
                "Events" => "What changed orders and money (order.*, statement.closed, budget.*), in sequence order: poll with after=.",
                _ => tag.Description,
            };

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token, the deployment's SERVICEUSAGE_ADMIN_TOKEN, or a DataFoundry token.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];

        foreach (var (_, path) in document.Paths)
            foreach (var (method, operation) in path.Operations ?? [])
                AddErrors(document, operation, method == HttpMethod.Post || method == HttpMethod.Put);
        // The framework's ProblemDetails is replaced by Problem above.
        document.Components.Schemas.Remove("ProblemDetails");
    }

    /// <summary>Every status an operation can answer besides its own: problems, with the headers they carry.</summary>
    private static void AddErrors(OpenApiDocument document, OpenApiOperation operation, bool hasBody)
    {
        operation.Responses ??= new OpenApiResponses();
        // No Content has no body, whatever [Produces] says.
        if (operation.Responses.TryGetValue("204", out var empty) && empty is OpenApiResponse noContent) noContent.Content = null;
        // A file download (PDF, CSV) answers its file type only, not the controllers' default JSON.
        if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse { Content: { } media } && media.Keys.Any(k => !k.EndsWith("json", StringComparison.Ordinal)))
            media.Remove("application/json");
        var statuses = new List<int> { 400, 401, 403, 500, 503 };
        if (hasBody) statuses.AddRange([413, 415]);
        foreach (var key in operation.Responses.Keys.Where(k => k.StartsWith('4') || k.StartsWith('5')).ToList())
            operation.Responses[key] = ProblemResponse(document, int.Parse(key));
        foreach (var status in statuses.Where(s => !operation.Responses.ContainsKey(s.ToString())))
            operation.Responses[status.ToString()] = ProblemResponse(document, status);
    }

    private static OpenApiResponse ProblemResponse(OpenApiDocument document, int status)
    {
        var response = new OpenApiResponse
        {
            Description = ApiProblems.DefaultDetail(status),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ApiProblems.ContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
        if (status == 401) AddHeader(response, "WWW-Authenticate", "Bearer: the scheme the API accepts.");
        if (status == 503) AddHeader(response, "Retry-After", "Seconds to wait before trying again.");
        return response;
    }

    private static void AddHeader(OpenApiResponse response, string name, string description)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
    }

    /// <summary>The problem body every error carries (see <see cref="ApiProblems"/>).</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem.",
        Required = new HashSet<string> { "type", "title", "status", "detail", "traceId" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the kind of problem."),
            ["title"] = Text("A short summary of the problem."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
            ["detail"] = Text("What went wrong, in plain words."),
            ["instance"] = Text("The request path."),
            ["field"] = Text("The input at fault, when there is one."),
            ["traceId"] = Text("The request's trace id, for the operator's logs."),
        },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static string Wire(Enum value) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
