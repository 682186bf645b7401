using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>Maps the domain's refusals and the API's own to ProblemDetails with one status code each.</summary>
public sealed class ApiExceptionFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        var http = context.HttpContext;
        var problem = context.Exception switch
        {
            ApiProblemException api => ApiProblems.Create(http, api.Status, api.Title, api.Message, api.Field),
            BillingException billing => ApiProblems.Create(http, StatusFor(billing.Error), TitleFor(billing.Error), billing.Message, billing.Field),
            BadHttpRequestException bad => ApiProblems.Create(http, bad.StatusCode, "Bad request", bad.Message),
            _ => null,
        };
        if (problem is null) return;
        context.Result = new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { ApiProblems.ContentType } };
        context.ExceptionHandled = true;
    }

    public static int StatusFor(BillingError error) => error switch
    {
        BillingError.NotFound => StatusCodes.Status404NotFound,
        BillingError.NotActive or BillingError.Downgrade or BillingError.Conflict or BillingError.QuoteExpired => StatusCodes.Status409Conflict,
        BillingError.NotForSale or BillingError.OtherService => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
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
}
