using System.Security.Claims;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Web.Portal;

/// <summary>
/// The portal's statement downloads (sign-in cookie): <c>/portal/statements/{number}.pdf</c> in the page's language and
/// <c>/portal/statements/{number}.csv</c>. A tenant gets only their own; admins any; anything else is not found.
/// </summary>
public static class StatementDownloads
{
    public static string PdfPath(string number) => $"/portal/statements/{Uri.EscapeDataString(number)}.pdf";

    public static string CsvPath(string number) => $"/portal/statements/{Uri.EscapeDataString(number)}.csv";

    public static IEndpointRouteBuilder MapStatementDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal/statements/{number}.pdf", async (string number, HttpContext http, ClaimsPrincipal user, StatementQueries statements,
            StatementDocuments documents, CancellationToken ct) =>
        {
            if (await FindAsync(number, user, statements, ct) is not { } statement) return Results.NotFound();
            var pdf = await documents.PdfAsync(statement, StatementDocuments.Culture(null, http), ct);
            return pdf is null
                ? Results.Problem("This deployment has no Chromium to render PDFs; use the page's Print (Save as PDF).", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.File(pdf, "application/pdf", StatementDocuments.FileName(statement, "pdf"));
        }).RequireAuthorization();

        app.MapGet("/portal/statements/{number}.csv", async (string number, ClaimsPrincipal user, StatementQueries statements, CancellationToken ct) =>
            await FindAsync(number, user, statements, ct) is { } statement
                ? Results.File(StatementCsv.Write(statement), "text/csv; charset=utf-8", StatementDocuments.FileName(statement, "csv"))
                : Results.NotFound()).RequireAuthorization();
        return app;
    }

    private static Task<Statement?> FindAsync(string number, ClaimsPrincipal user, StatementQueries statements, CancellationToken ct) =>
        number.Length > 40 ? Task.FromResult<Statement?>(null)
            : statements.GetAsync(number, user.IsInRole(Roles.Admin) ? null : user.Identity?.Name ?? "", ct);
}
