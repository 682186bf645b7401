using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Auth;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Auth;

/// <summary>
/// <c>Authorization: Bearer</c> for the REST API: the deployment's admin token, portal-issued API tokens, or
/// (when configured) DataFoundry tokens. Challenges and refusals are ProblemDetails bodies, never empty.
/// </summary>
public sealed class ApiBearerHandler(
    IOptionsMonitor<ApiBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokenService tokens, DataFoundryUsers dataFoundry)
    : AuthenticationHandler<ApiBearerOptions>(options, logger, encoder)
{
    internal const string UnavailableItem = "ServiceUsage.Auth.Unavailable";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Only Bearer authorization is accepted.");
        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > 4096) return AuthenticateResult.Fail("Invalid bearer token.");

        if (Options.AdminToken is { } admin && FixedTimeEquals(secret, admin))
            return Success(Options.AdminTokenUser, Roles.Admin, "admin-token");

        // Anything else is an RFC 6750 token68 (what API and DataFoundry tokens are); other text is no token at all.
        if (!IsToken68(secret)) return AuthenticateResult.Fail("Invalid bearer token.");

        if (secret.StartsWith(ApiTokenService.SecretPrefix, StringComparison.Ordinal))
        {
            var token = await tokens.FindAsync(secret, Context.RequestAborted);
            return token is null ? AuthenticateResult.Fail("Invalid bearer token.") : Success(token.User, token.Role, "api-token");
        }

        if (Options.DataFoundryHost is { } host)
        {
            var lookup = await dataFoundry.FindUserAsync(host, secret, Context.RequestAborted);
            if (lookup.Unavailable)
            {
                Context.Items[UnavailableItem] = true;
                return AuthenticateResult.Fail("DataFoundry is unreachable.");
            }
            if (lookup.User is { } user)
                return Success(user, Options.AdminUsers.Contains(user) ? Roles.Admin : Roles.Tenant, "datafoundry");
        }
        return AuthenticateResult.Fail("Invalid bearer token.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(UnavailableItem))
            return ApiProblems.WriteAsync(Context, StatusCodes.Status503ServiceUnavailable, "Authentication unavailable",
                "The platform that vouches for this token cannot be reached; try again shortly.");
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send 'Authorization: Bearer <token>' with a valid API token.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "This token may not do that.");

    private AuthenticateResult Success(string user, string role, string source)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user), new Claim(ClaimTypes.Role, role), new Claim("token_source", source)],
            Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private static bool IsToken68(string value) =>
        value.TrimEnd('=').Length > 0 && value.TrimEnd('=').All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/');

    /// <summary>Compares hashes so neither the length nor a prefix of the secret leaks through timing.</summary>
    private static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
