using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace ServiceUsage.Tests.Api;

/// <summary>
/// The served /openapi/v1.json as a check on answers: every API response a test receives must have a status its
/// operation lists (an unknown path or method: a problem) and a body that matches the documented schema.
/// </summary>
public sealed class OpenApiContract
{
    private readonly JsonObject _paths;
    private readonly JsonObject _defs;
    private readonly List<(Regex Pattern, string Path)> _templates;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    public OpenApiContract(string document)
    {
        // OpenAPI 3.1 schemas are JSON Schema 2020-12; their references move from components to $defs.
        var root = JsonNode.Parse(document.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
        Document = JsonNode.Parse(document)!.AsObject();
        _paths = root["paths"]!.AsObject();
        _defs = root["components"]?["schemas"]?.AsObject() ?? new JsonObject();
        // The most literal template first: /statements/{number}.csv before /statements/{number}.
        _templates = _paths.Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^}]+}", "[^/]+") + "$"), p.Key))
            .OrderByDescending(t => Regex.Replace(t.Item2, "{[^}]+}", "").Length).ToList();
    }

    public JsonObject Document { get; }

    /// <summary>What is wrong with this answer according to the document; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? contentType, string body)
    {
        var where = $"{method} {path} → {status}";
        var template = _templates.FirstOrDefault(t => t.Pattern.IsMatch(path)).Path;
        var operation = template is null ? null : _paths[template]![method.ToLowerInvariant()];
        if (operation is null)
        {
            // Not an operation of the document: only a problem (404 unknown path, 405 wrong method) is right.
            return status is 404 or 405 ? Validate(where, "#/$defs/Problem", contentType, "application/problem+json", body) : [$"{where}: no such operation"];
        }
        var response = operation["responses"]?[status.ToString()];
        if (response is null) return [$"{where}: status not listed by {method} {template}"];
        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
            return body.Length == 0 ? [] : [$"{where}: a body where the document says none"];
        var media = contentType?.Split(';')[0].Trim() ?? "";
        if (content[media] is not { } mediaType) return [$"{where}: content type '{media}' not listed ({string.Join(", ", content.Select(c => c.Key))})"];
        if (!media.EndsWith("json", StringComparison.Ordinal)) return []; // a file (PDF, CSV): its type is what the document can say
        return Validate(where, mediaType["schema"]!.ToJsonString(), contentType, media, body);
    }

    private IReadOnlyList<string> Validate(string where, string schemaOrRef, string? contentType, string expectedMedia, string body)
    {
        var media = contentType?.Split(';')[0].Trim();
        if (media != expectedMedia) return [$"{where}: content type '{media}', expected {expectedMedia}"];
        var schema = _schemas.GetOrAdd(schemaOrRef, Build);
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return [$"{where}: body is not JSON: {body[..Math.Min(body.Length, 200)]}"];
        }
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        var errors = (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
            .Take(5);
        return [$"{where}: body does not match the schema: {string.Join("; ", errors)} in {body[..Math.Min(body.Length, 300)]}"];
    }

    private JsonSchema Build(string schemaOrRef)
    {
        var schema = schemaOrRef.StartsWith('#')
            ? new JsonObject { ["$ref"] = schemaOrRef }
            : JsonNode.Parse(schemaOrRef)!.AsObject();
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema["$defs"] = _defs.DeepClone();
        return JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}

/// <summary>Checks every API answer that passes through an HTTP client against the document; a test fails at the call.</summary>
public sealed class ContractCheckingHandler(Func<OpenApiContract> contract) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        var path = request.RequestUri!.AbsolutePath;
        if (!path.StartsWith("/usageapi/", StringComparison.Ordinal)) return response;
        await response.Content.LoadIntoBufferAsync(ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var problems = contract().Check(request.Method.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
        if (problems.Count > 0) throw new Xunit.Sdk.XunitException("The answer breaks the OpenAPI document:\n" + string.Join("\n", problems));
        return response;
    }
}
