using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ServiceUsage.Domain;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>
/// Model-binding failures (a body that is not JSON, a string where a number belongs, a duplicate key, a query value
/// of the wrong type) as one 400 problem naming the field in plain words: the framework's own messages name .NET types.
/// </summary>
public static partial class ApiModelErrors
{
    public static IActionResult Response(ActionContext context)
    {
        var errors = context.ModelState
            .Where(e => e.Value?.Errors.Count > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => Describe(context.ActionDescriptor.Parameters, e.Key, e.Value!.Errors[0]))
            .ToList();
        var (field, _) = errors.FirstOrDefault();
        var detail = errors.Count == 0 ? "The request is not valid." : string.Join(" ", errors.Select(e => e.Message).Distinct());
        return ApiProblems.Result(StatusCodes.Status400BadRequest, "Invalid request", detail, field);
    }

    private static (string Field, string Message) Describe(IList<Microsoft.AspNetCore.Mvc.Abstractions.ParameterDescriptor> parameters, string key, ModelError error)
    {
        var text = error.ErrorMessage is { Length: > 0 } m ? m : error.Exception?.Message ?? "";
        var bodyParameter = parameters.FirstOrDefault(p => p.BindingInfo?.BindingSource == BindingSource.Body);
        var field = FieldName(key, bodyParameter?.Name);
        if (Duplicate().Match(text) is { Success: true } duplicate)
            return (duplicate.Groups[1].Value, $"'{duplicate.Groups[1].Value}' appears more than once in the body.");
        var type = field == "body" ? null : FieldType(parameters, bodyParameter, field);
        var wrongType = text.Contains("could not be converted", StringComparison.Ordinal)
            || text.StartsWith(ApiJson.WrongType, StringComparison.Ordinal) || text.StartsWith("The value '", StringComparison.Ordinal);
        if (wrongType && type is not null) return (field, $"{field} must be {Kind(type)}.");
        if (!wrongType && Position().Match(text) is { Success: true } at)
            return ("body", $"The body is not valid JSON (near line {long.Parse(at.Groups[1].Value) + 1}, byte {at.Groups[2].Value}).");
        return field == "body" ? (field, "A JSON object is required as the body.") : (field, $"{field} is not valid.");
    }

    /// <summary>"$.quantity" → quantity; the body itself ("$", "", the body parameter's name) → body.</summary>
    private static string FieldName(string key, string? bodyName)
    {
        var name = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key;
        if (bodyName is not null && name.StartsWith(bodyName + ".", StringComparison.OrdinalIgnoreCase)) name = name[(bodyName.Length + 1)..];
        return name is "" or "$" || string.Equals(name, bodyName, StringComparison.OrdinalIgnoreCase) ? "body" : name;
    }

    private static Type? FieldType(IList<Microsoft.AspNetCore.Mvc.Abstractions.ParameterDescriptor> parameters,
        Microsoft.AspNetCore.Mvc.Abstractions.ParameterDescriptor? body, string field)
    {
        if (parameters.FirstOrDefault(p => p != body && string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase)) is { } query)
            return query.ParameterType;
        return body?.ParameterType.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
    }

    /// <summary>The JSON the server reads for a type, as the OpenAPI document says it.</summary>
    public static string Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetValues(type).Cast<Enum>().Select(Wire));
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(decimal) || type == typeof(double)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(DateTime)) return "an RFC 3339 time with an offset (2026-01-31T10:00:00Z) or Unix seconds";
        return "a string";
    }

    private static string Wire(Enum value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    [GeneratedRegex("Duplicate property '([^']{1,100})'")]
    private static partial Regex Duplicate();

    [GeneratedRegex(@"LineNumber: (\d+) \| BytePositionInLine: (\d+)")]
    private static partial Regex Position();
}
