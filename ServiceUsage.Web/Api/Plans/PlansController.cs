using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Web.Api.Infrastructure;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Web.Api.Plans;

/// <summary>The catalogue and plan versions. Anyone reads; admins add, edit and delete future versions.</summary>
[Route(Prefix + "/plans")]
public sealed class PlansController(PlanService plans) : ApiControllerBase
{
    /// <summary>Plans with a version in effect and on sale, with their upcoming versions.</summary>
    [HttpGet]
    [EndpointName("listPlans"), EndpointSummary("List the plans on sale, with their upcoming versions")]
    [ProducesResponseType<IReadOnlyList<PlanResponse>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<PlanResponse>> Catalog(CancellationToken ct) =>
        (await plans.CatalogAsync(ct: ct))
            .Select(e => new PlanResponse(e.Current.PlanId, PlanVersionResponse.From(e.Current), e.Upcoming.Select(PlanVersionResponse.From).ToList()))
            .ToList();

    /// <summary>Every version of a plan, oldest first.</summary>
    [HttpGet("{planId}/versions")]
    [EndpointName("listPlanVersions"), EndpointSummary("List every version of a plan, oldest first")]
    [ProducesResponseType<IReadOnlyList<PlanVersionResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IReadOnlyList<PlanVersionResponse>> Versions(string planId, CancellationToken ct) =>
        (await plans.HistoryAsync(planId, ct)).Versions.Select(PlanVersionResponse.From).ToList();

    /// <summary>Adds a version taking effect at beginTime (now or later).</summary>
    [HttpPost("{planId}/versions")]
    [Consumes("application/json")]
    [EndpointName("addPlanVersion"), EndpointSummary("Add a plan version taking effect now or later")]
    [Authorize(AuthenticationSchemes = ApiBearerDefaults.Scheme, Roles = Roles.Admin)]
    [ProducesResponseType<PlanVersionResponse>(StatusCodes.Status201Created)]
    [ResponseHeader(201, "Location", "The new version's URL.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    public async Task<IActionResult> Add(string planId, PlanVersionRequest request, CancellationToken ct)
    {
        var begin = request.BeginTime ?? throw ApiProblemException.BadRequest("beginTime", "beginTime is required.");
        var (name, details) = Parse(request);
        var version = await plans.AddVersionAsync(planId, begin, name, details, ct);
        return Created($"/{Prefix}/plans/{Uri.EscapeDataString(version.PlanId)}/versions/{Uri.EscapeDataString(ApiTime.Format(version.BeginTime))}",
            PlanVersionResponse.From(version));
    }

    /// <summary>Changes a version that has not taken effect yet (one in effect → 409).</summary>
    [HttpPut("{planId}/versions/{beginTime}")]
    [Consumes("application/json")]
    [EndpointName("updatePlanVersion"), EndpointSummary("Change a plan version that has not taken effect")]
    [Authorize(AuthenticationSchemes = ApiBearerDefaults.Scheme, Roles = Roles.Admin)]
    [ProducesResponseType<PlanVersionResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    public async Task<PlanVersionResponse> Update(string planId, string beginTime, PlanVersionRequest request, CancellationToken ct)
    {
        var begin = ApiTime.Parse(beginTime, "beginTime");
        if (request.BeginTime is { } moved && moved != begin)
            throw ApiProblemException.BadRequest("beginTime", "beginTime cannot change: delete this version and add another.");
        var (name, details) = Parse(request);
        return PlanVersionResponse.From(await plans.UpdateFutureVersionAsync(planId, begin, name, details, ct));
    }

    /// <summary>Deletes a version that has not taken effect yet (one in effect → 409).</summary>
    [HttpDelete("{planId}/versions/{beginTime}")]
    [EndpointName("deletePlanVersion"), EndpointSummary("Delete a plan version that has not taken effect")]
    [Authorize(AuthenticationSchemes = ApiBearerDefaults.Scheme, Roles = Roles.Admin)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    public async Task<IActionResult> Delete(string planId, string beginTime, CancellationToken ct)
    {
        await plans.DeleteFutureVersionAsync(planId, ApiTime.Parse(beginTime, "beginTime"), ct);
        return NoContent();
    }

    /// <summary>The version's fields; PlanService checks them (PlanRules), the same rules and messages as the admin form's.</summary>
    private static (string Name, PlanDetails Details) Parse(PlanVersionRequest r) => (r.Name ?? "", new PlanDetails
    {
        ServiceId = r.ServiceId ?? "",
        Description = r.Description ?? "",
        Unit = r.Unit ?? "instance",
        MonthlyPrice = r.MonthlyPrice,
        HourlyPrice = r.HourlyPrice,
        OnSale = r.OnSale ?? true,
    });
}
