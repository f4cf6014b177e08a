using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests.Infrastructure;

/// <summary>axe-core on a page as a reader sees it: WCAG 2.1 A and AA, serious and critical violations only.</summary>
public static class Axe
{
    /// <summary>The violations, each as one line naming <paramref name="state"/>; empty when the page passes.</summary>
    public static async Task<List<string>> SeriousViolationsAsync(IPage page, string state)
    {
        // A snackbar or dialog fades in: checked mid-fade its text is part-transparent and axe measures a contrast nobody reads.
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.mud-snackbar, .mud-dialog')].every(s => getComputedStyle(s).opacity === '1')");
        var axe = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{state}: {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();
    }

    /// <summary>Whether the page is wider than its viewport (a phone must never scroll sideways).</summary>
    public static async Task<int> ScrollWidthAsync(IPage page) =>
        await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
}
