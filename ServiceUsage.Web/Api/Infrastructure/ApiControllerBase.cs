using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>Every API controller: bearer tokens only (never the portal cookie), JSON in and out, ProblemDetails errors.</summary>
[ApiController]
[Produces("application/json")]
[Authorize(AuthenticationSchemes = ApiBearerDefaults.Scheme)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, ApiProblems.ContentType)]
public abstract class ApiControllerBase : ControllerBase
{
    public const string Prefix = "usageapi/v1";

    protected ApiCaller Caller => ApiCaller.From(User);
}

/// <summary>Admin tokens only.</summary>
[Authorize(AuthenticationSchemes = ApiBearerDefaults.Scheme, Roles = Roles.Admin)]
public abstract class AdminApiControllerBase : ApiControllerBase;
