using System.Text.Json;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>
/// The API's JSON, applied to MVC (what the server reads and writes) and to the minimal-API options the OpenAPI
/// document is generated from, so the document says what the server does. The format itself is <see cref="WireJson"/>
/// (events store their data with it too).
/// </summary>
public static class ApiJson
{
    /// <summary>What the API's own converters say about a value of the wrong type (turned into a message naming the field).</summary>
    public const string WrongType = WireJson.WrongType;

    public static void Configure(JsonSerializerOptions options) => WireJson.Configure(options);
}
