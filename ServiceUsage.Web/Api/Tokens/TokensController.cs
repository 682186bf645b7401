using Microsoft.AspNetCore.Mvc;
using ServiceUsage.Domain.Auth;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Api.Infrastructure;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Web.Api.Tokens;

public enum TokenRole { Tenant, Admin }

public sealed record CreateTokenRequest(string? User = null, string? Name = null, TokenRole? Role = null);

public sealed record TokenResponse(long Id, string User, string Name, TokenRole Role, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public static TokenResponse From(ApiToken t) => new(
        t.Id, t.User, t.Name, t.Role == Roles.Admin ? TokenRole.Admin : TokenRole.Tenant, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt);
}

/// <summary>The token and, this once, its secret: only a hash is kept.</summary>
public sealed record CreatedTokenResponse(TokenResponse Token, string Secret);

/// <summary>API tokens, for admins (tenants manage theirs in the portal).</summary>
[Route(Prefix + "/tokens")]
public sealed class TokensController(ApiTokenService tokens) : AdminApiControllerBase
{
    [HttpPost]
    [Consumes("application/json")]
    [EndpointName("createToken"), EndpointSummary("Create an API token for a user (its secret is shown once)")]
    [ProducesResponseType<CreatedTokenResponse>(StatusCodes.Status201Created)]
    [ResponseHeader(201, "Location", "The new token's URL.")]
    public async Task<IActionResult> Create(CreateTokenRequest request, CancellationToken ct)
    {
        var role = request.Role == TokenRole.Admin ? Roles.Admin : Roles.Tenant;
        var created = await tokens.CreateAsync(request.User ?? "", request.Name ?? "", role, ct);
        return Created($"/{Prefix}/tokens/{created.Token.Id}", new CreatedTokenResponse(TokenResponse.From(created.Token), created.Secret));
    }

    [HttpGet]
    [EndpointName("listTokens"), EndpointSummary("List API tokens, of one user or all (no secrets)")]
    [ProducesResponseType<IReadOnlyList<TokenResponse>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<TokenResponse>> List(string? user, CancellationToken ct)
    {
        if (user is not null) InputRules.User(user);
        return (await tokens.ListAsync(user, ct)).Select(TokenResponse.From).ToList();
    }

    [HttpDelete("{id:long}")]
    [EndpointName("revokeToken"), EndpointSummary("Revoke an API token")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Revoke(long id, CancellationToken ct) =>
        await tokens.RevokeAsync(id, null, ct) ? NoContent()
            : throw new ApiProblemException(StatusCodes.Status404NotFound, "Not found", $"Token {id} was not found or is already revoked.", "id");
}
