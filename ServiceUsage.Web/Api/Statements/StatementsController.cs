using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Web.Api.Infrastructure;
using ServiceUsage.Web.Portal;

namespace ServiceUsage.Web.Api.Statements;

/// <summary>Monthly statements: a tenant's own, or any tenant's for admins (another tenant's statement is "not found").</summary>
[Route(Prefix + "/statements")]
public sealed class StatementsController(StatementQueries statements, StatementDocuments documents, IOptions<BillingOptions> billing) : ApiControllerBase
{
    /// <summary>The user's statements, newest first, months <c>from</c> to <c>to</c> (<c>yyyy-MM</c>, inclusive); months not closed yet have <c>number: null</c>.</summary>
    [HttpGet]
    [EndpointName("listStatements"), EndpointSummary("A user's monthly statements, the month to date included")]
    [ProducesResponseType<StatementListResponse>(StatusCodes.Status200OK)]
    public async Task<StatementListResponse> List(string? user, string? from, string? to, CancellationToken ct)
    {
        var who = Caller.ResolveUser(user);
        var (first, last) = (Month(from, "from"), Month(to, "to"));
        if (first is not null && last is not null && last.Begin < first.Begin)
            throw ApiProblemException.BadRequest("to", "to must be the same month as from or later.");
        var items = await statements.ListAsync(who, first, last, ct);
        return new StatementListResponse(items.Select(StatementItemResponse.From).ToList());
    }

    /// <summary>One closed statement with its lines and adjustments.</summary>
    [HttpGet("{number}")]
    [EndpointName("getStatement"), EndpointSummary("One closed statement with its lines and adjustments")]
    [ProducesResponseType<StatementResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<StatementResponse> Get(string number, CancellationToken ct) => StatementResponse.From(await FindAsync(number, ct));

    /// <summary>The statement as a PDF document (A4), in <c>lang</c> (<c>en</c> or <c>zh-Hans</c>; default: Accept-Language).</summary>
    [HttpGet("{number}.pdf")]
    [EndpointName("getStatementPdf"), EndpointSummary("A closed statement as an A4 PDF document")]
    [Produces("application/pdf")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK, "application/pdf")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, ApiProblems.ContentType)]
    public async Task<IActionResult> Pdf(string number, string? lang, CancellationToken ct)
    {
        var statement = await FindAsync(number, ct);
        var pdf = await documents.PdfAsync(statement, StatementDocuments.Culture(lang, HttpContext), ct)
            ?? throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "PDF not available",
                "This deployment has no Chromium to render PDFs; the portal's statement page prints to PDF from the browser.");
        return File(pdf, "application/pdf", StatementDocuments.FileName(statement, "pdf"));
    }

    /// <summary>The statement's lines as CSV (UTF-8 with a byte order mark, amounts with 4 places).</summary>
    [HttpGet("{number}.csv")]
    [EndpointName("getStatementCsv"), EndpointSummary("A closed statement's lines as CSV")]
    [Produces("text/csv")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Csv(string number, CancellationToken ct)
    {
        var statement = await FindAsync(number, ct);
        return File(StatementCsv.Write(statement), "text/csv; charset=utf-8", StatementDocuments.FileName(statement, "csv"));
    }

    private async Task<Statement> FindAsync(string number, CancellationToken ct)
    {
        var caller = Caller;
        var found = number.Length <= 40 ? await statements.GetAsync(number, caller.IsAdmin ? null : caller.User, ct) : null;
        return found ?? throw new BillingException(BillingError.NotFound, $"Statement '{number}' was not found.", "number");
    }

    private StatementMonth? Month(string? text, string field)
    {
        if (text is null) return null;
        return billing.Value.Calendar().TryParse(text, out var month) ? month
            : throw ApiProblemException.BadRequest(field, $"{field} must be a month written yyyy-MM (2026-11).");
    }
}
