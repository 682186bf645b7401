using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// Identities (users, plan and service ids, idempotency keys) compare byte for byte: <c>Alice</c>, <c>álice</c> and
/// <c>alice </c> are not <c>alice</c>. MySQL gets a binary collation (<see cref="ProviderConventions"/>); SQLite
/// already compares text exactly.
/// </summary>
internal static class ExactText
{
    public const string Annotation = "ServiceUsage:Exact";
    public const string MySqlCollation = "utf8mb4_bin";

    public static PropertyBuilder<string> ComparesExactly(this PropertyBuilder<string> property) =>
        property.HasAnnotation(Annotation, true);
}
