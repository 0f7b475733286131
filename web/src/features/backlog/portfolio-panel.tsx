import { BENEFIT_OUTCOMES, CLOSURE_CODES } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { ScrollRegion } from "../../components/scroll-region.js";
import { LoadedView } from "../../components/status.js";
import { useI18n } from "../../i18n/i18n.js";
import { term } from "../../i18n/vocabulary.js";

/** The register for heads: initiatives and costs by status, with totals, and how reviewed work paid off. */
export function PortfolioPanel() {
  const { t, locale, number } = useI18n();
  const portfolio = useApi("/api/v1/initiatives/portfolio", {});
  return (
    <section class="panel" aria-labelledby="portfolio-title">
      <h2 id="portfolio-title">{t("portfolioTitle")}</h2>
      <LoadedView state={portfolio}>
        {(data) => (
          <>
            <ScrollRegion label={t("portfolioTitle")}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("status")}</th>
                    <th scope="col" class="num">
                      {t("portfolioCount")}
                    </th>
                    <th scope="col" class="num">
                      {t("estimatedCost")}
                    </th>
                    <th scope="col" class="num">
                      {t("actualCost")}
                    </th>
                    <th scope="col" class="num">
                      {t("portfolioUnestimated")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.byStatus
                    .filter((row) => row.initiatives > 0)
                    .map((row) => (
                      <tr key={row.status}>
                        <th scope="row">{term(locale, row.status)}</th>
                        <td class="num">{number(row.initiatives)}</td>
                        <td class="num">{number(row.estimatedCost, 2)}</td>
                        <td class="num">{number(row.actualCost, 2)}</td>
                        <td class="num">{number(row.unestimated)}</td>
                      </tr>
                    ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t("portfolioTotal")}</th>
                    <td class="num">{number(data.totals.initiatives)}</td>
                    <td class="num">{number(data.totals.estimatedCost, 2)}</td>
                    <td class="num">{number(data.totals.actualCost, 2)}</td>
                    <td class="num">{number(data.totals.unestimated)}</td>
                  </tr>
                </tfoot>
              </table>
            </ScrollRegion>
            <table>
              <caption>{t("portfolioBenefit")}</caption>
              <tbody>
                {BENEFIT_OUTCOMES.map((outcome) => (
                  <tr key={outcome}>
                    <th scope="row">{term(locale, outcome)}</th>
                    <td class="num">{number(data.benefit[outcome])}</td>
                  </tr>
                ))}
                {CLOSURE_CODES.map((code) => (
                  <tr key={code}>
                    <th scope="row">
                      {t("closureCode")}: {term(locale, code)}
                    </th>
                    <td class="num">{number(data.closure[code])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </LoadedView>
    </section>
  );
}
