using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>
/// The API's one error path for exceptions: a refusal of the domain or the API becomes its 4xx, a database that
/// cannot answer a 503 (with Retry-After), anything else a 500 — each a problem body. Logging happens once, in
/// <see cref="Operations.RequestLogScope"/>, which sees the exception through <see cref="IExceptionHandlerFeature"/>.
/// </summary>
public sealed class ApiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // The original path: the portal's handler re-executes /error, and Request.Path may already say so.
        // (The feature's path is already decoded: a PathString made from it must not decode it again.)
        var original = context.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        if (!ApiPaths.IsApi(original is null ? context.Request.Path : new PathString(original))) return false;
        if (context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }
        var (status, title, detail, field) = Map(exception);
        await ApiProblems.WriteAsync(context, status, title, detail, field);
        return true;
    }

    public static (int Status, string? Title, string? Detail, string? Field) Map(Exception exception) => exception switch
    {
        ApiProblemException api => (api.Status, api.Title, api.Message, api.Field),
        BillingException billing => (StatusFor(billing.Error), TitleFor(billing.Error), billing.Message, billing.Field),
        WebhookException webhook => (StatusFor(webhook.Error), TitleFor(webhook.Error), webhook.Message, webhook.Field),
        BadHttpRequestException bad => (bad.StatusCode, null, BadRequestDetail(bad), null),
        JsonException => (StatusCodes.Status400BadRequest, "Invalid request", "The body is not valid JSON for this endpoint.", null),
        DecoderFallbackException => (StatusCodes.Status400BadRequest, "Invalid request", "The body is not text in the charset it declares; send UTF-8 JSON.", null),
        _ when RequestFailFast.IsDatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", null, null),
        _ => (StatusCodes.Status500InternalServerError, "Server error", null, null),
    };

    public static int StatusFor(BillingError error) => error switch
    {
        BillingError.NotFound => StatusCodes.Status404NotFound,
        BillingError.NotActive or BillingError.Downgrade or BillingError.Conflict or BillingError.QuoteExpired => StatusCodes.Status409Conflict,
        BillingError.NotForSale or BillingError.OtherService => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    public static int StatusFor(WebhookError error) => error switch
    {
        WebhookError.NotFound => StatusCodes.Status404NotFound,
        WebhookError.TooMany => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleFor(WebhookError error) => error switch
    {
        WebhookError.NotFound => "Not found",
        WebhookError.UnsafeTarget => "Target not allowed",
        WebhookError.TooMany => "Too many endpoints",
        _ => "Invalid request",
    };

    private static string TitleFor(BillingError error) => error switch
    {
        BillingError.NotFound => "Not found",
        BillingError.NotActive => "Order not active",
        BillingError.Downgrade => "Downgrade needs a refund",
        BillingError.Conflict => "Conflict",
        BillingError.QuoteExpired => "Quote expired",
        BillingError.NotForSale => "Plan not for sale",
        BillingError.OtherService => "Plan of another service",
        BillingError.NothingToChange => "Nothing to change",
        _ => "Invalid request",
    };

    // Kestrel's messages are plain words, but only the body-size one is worth passing on as it is.
    private static string BadRequestDetail(BadHttpRequestException bad) =>
        bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiProblems.DefaultDetail(413) : "The request could not be read.";
}
