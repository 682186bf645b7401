using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>
/// The API's JSON, applied to MVC (what the server reads and writes) and to the minimal-API options the OpenAPI
/// document is generated from, so the document says what the server does.
/// </summary>
public static class ApiJson
{
    /// <summary>What the API's own converters say about a value of the wrong type (turned into a message naming the field).</summary>
    public const string WrongType = "The value has the wrong type for this field.";

    public static void Configure(JsonSerializerOptions options)
    {
        // "5" is not a number; {"dryRun":true,"dryRun":false} is refused rather than read as false.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        // Text echoed back never carries raw HTML.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.Converters.Add(new ApiTimeJsonConverter());
        options.Converters.Add(new ApiMoneyJsonConverter());
        // Enums on the wire as the database and BILLING.md name them: "prepay", "upgrade-credit"; never numbers.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }
}

/// <summary>Money (every decimal of the API) as a JSON number with 4 places: 600.0000, never 600 or 183.0.</summary>
public sealed class ApiMoneyJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var value) ? value
            : throw new JsonException(ApiJson.WrongType);

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Money.Round(value) + 0.0000m);
}
