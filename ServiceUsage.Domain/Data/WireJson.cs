using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// The JSON the API speaks, said once: the API's MVC and OpenAPI options apply it, and events store their data with
/// it, so an event's <c>data</c> is byte for byte what the API would answer for the same order or statement.
/// </summary>
public static class WireJson
{
    /// <summary>What the converters say about a value of the wrong type (the API turns it into a message naming the field).</summary>
    public const string WrongType = "The value has the wrong type for this field.";

    /// <summary>Ready-made options for writing (events' data).</summary>
    public static readonly JsonSerializerOptions Options = Create();

    public static void Configure(JsonSerializerOptions options)
    {
        // "5" is not a number; {"dryRun":true,"dryRun":false} is refused rather than read as false.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        // Text echoed back never carries raw HTML.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.Converters.Add(new WireTimeJsonConverter());
        options.Converters.Add(new WireMoneyJsonConverter());
        // Enums on the wire as the database and BILLING.md name them: "prepay", "upgrade-credit"; never numbers.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>Money (every decimal on the wire) as a JSON number with 4 places: 600.0000, never 600 or 183.0.</summary>
public sealed class WireMoneyJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var value) ? value
            : throw new JsonException(WireJson.WrongType);

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Money.Round(value) + 0.0000m);
}

/// <summary>Writes times as RFC 3339 UTC; reads what <see cref="WireTime.TryParse"/> accepts (strings or Unix seconds).</summary>
public sealed class WireTimeJsonConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number when reader.TryGetInt64(out var n) => n.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        return WireTime.TryParse(text, out var value) ? value : throw new JsonException(WireJson.WrongType);
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(WireTime.Format(value));
}
