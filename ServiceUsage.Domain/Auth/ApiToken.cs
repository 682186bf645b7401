namespace ServiceUsage.Domain.Auth;

/// <summary>A bearer token for the REST API. Only a SHA-256 hash of the secret is stored.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public required string User { get; set; }
    public required string Name { get; set; }

    /// <summary><c>tenant</c> or <c>admin</c>: the role the token carries.</summary>
    public required string Role { get; set; }

    /// <summary>Hex SHA-256 of the secret.</summary>
    public required string TokenHash { get; set; }

    /// <summary>First characters of the secret, to tell tokens apart in a list.</summary>
    public required string Prefix { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
