/**
 * 督查专报 as a PDF, drawn on the server from the sections the console's page prints
 * (domain/supervision-report.ts reportSections), so the download and the screen say the same.
 *
 * Why pdfkit: maintained (0.20.2, August 2026; MIT), pure JavaScript — nothing to download or launch at
 * run time, unlike a headless browser, whose build the production image (npm ci --omit=dev) would have to
 * carry — and it embeds only the glyphs a document uses (fontkit subsetting), as real text that stays
 * searchable and extractable. Why Noto Sans SC from @expo-google-fonts/noto-sans-sc: the whole font
 * (30,000+ characters: GB 18030's common set and any rare character in a unit's or a street's name) as
 * TrueType files, which pdfkit subsets reliably; @fontsource/noto-sans-sc ships the same font only as
 * web subsets split by Unicode range, one file per range, which a PDF would have to stitch per character.
 * Both are runtime `dependencies`, so the Docker image and `npm start` have them.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { REPORT_ORDER_LIMIT, type ReportSection } from '../domain/supervision-report';

const require = createRequire(import.meta.url);
/**
 * The fonts by path, never as bytes: pdfkit keeps a parsed font by its source's name, and a table puts the
 * current source back after each cell — bytes it would parse again each time (10 MB, ~40 ms a cell).
 */
const FONT = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};

/** How many of a figure's orders a printed row names (the page lists them all, up to REPORT_ORDER_LIMIT). */
const PRINTED_ORDERS = 8;
const GREY = '#595959';

const ordersText = (s: ReportSection['rows'][number]['orders']) => {
  if (!s || s.total === 0) return '—';
  const shown = s.orderIds.slice(0, PRINTED_ORDERS).join('、');
  return s.total > Math.min(PRINTED_ORDERS, REPORT_ORDER_LIMIT) ? `${shown} 等共 ${s.total} 件` : shown;
};

/** The report as an A4 PDF: the title, then each section's heading, note and table, and the page number on every page. */
export function supervisionReportPdf(title: string, sections: ReportSection[], generatedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    bufferPages: true,
    info: { Title: title, Creator: '12345 热线工作台' },
    lang: 'zh-CN',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font(FONT.bold).fontSize(18).text(title);
  const stamp = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' });
  doc
    .font(FONT.regular)
    .fontSize(9)
    .fillColor(GREY)
    .text(`生成时间：${stamp.format(generatedAt)}（北京时间）`);
  for (const section of sections) {
    // A heading is not left alone at the foot of a page.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 120) doc.addPage();
    doc.moveDown(1).font(FONT.bold).fontSize(13).fillColor('black').text(section.title);
    doc.font(FONT.regular).fontSize(9).fillColor(GREY).text(section.note).moveDown(0.4);
    doc.fillColor('black').fontSize(9);
    if (section.rows.length === 0) {
      doc.text(section.empty);
      continue;
    }
    const header = [...section.columns, '工单'].map((text) => ({
      text,
      font: { src: FONT.bold },
      backgroundColor: '#f0f0f0',
    }));
    doc.table({
      position: { x: doc.page.margins.left },
      // The orders' column takes two order numbers a line; the figures' share the rest.
      columnStyles: (i) => (i === section.columns.length ? { width: 200 } : {}),
      defaultStyle: { border: 0.5, borderColor: '#bfbfbf', padding: 3 },
      data: [header, ...section.rows.map((r) => [...r.cells, ordersText(r.orders)])],
    });
    doc.x = doc.page.margins.left;
  }
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT.regular)
      .fontSize(8)
      .fillColor(GREY)
      .text(`第 ${i + 1} 页，共 ${pages.count} 页`, doc.page.margins.left, doc.page.height - 30, { align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
