using Microsoft.AspNetCore.Mvc;
using ServiceUsage.Domain.Auth;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Tokens;

public sealed record CreateTokenRequest(string? User, string? Name, string? Role);

public sealed record TokenResponse(long Id, string User, string Name, string Role, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public static TokenResponse From(ApiToken t) => new(t.Id, t.User, t.Name, t.Role, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt);
}

/// <summary>The token and, this once, its secret: only a hash is kept.</summary>
public sealed record CreatedTokenResponse(TokenResponse Token, string Secret);

/// <summary>API tokens, for admins (tenants manage theirs in the portal).</summary>
[Route(Prefix + "/tokens")]
public sealed class TokensController(ApiTokenService tokens) : AdminApiControllerBase
{
    [HttpPost]
    [ProducesResponseType<CreatedTokenResponse>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create(CreateTokenRequest request, CancellationToken ct)
    {
        var user = ApiInput.CheckText(request.User, "user", OrderLimits.MaxUserLength);
        var created = await tokens.CreateAsync(user, request.Name ?? "", request.Role ?? "tenant", ct);
        return Created($"/{Prefix}/tokens/{created.Token.Id}", new CreatedTokenResponse(TokenResponse.From(created.Token), created.Secret));
    }

    [HttpGet]
    [ProducesResponseType<IReadOnlyList<TokenResponse>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<TokenResponse>> List(string? user, CancellationToken ct)
    {
        if (user is not null) ApiInput.CheckText(user, "user", OrderLimits.MaxUserLength);
        return (await tokens.ListAsync(user, ct)).Select(TokenResponse.From).ToList();
    }

    [HttpDelete("{id:long}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Revoke(long id, CancellationToken ct) =>
        await tokens.RevokeAsync(id, null, ct) ? NoContent()
            : throw new ApiProblemException(StatusCodes.Status404NotFound, "Not found", $"Token {id} was not found or is already revoked.", "id");
}
