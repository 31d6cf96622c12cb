/**
 * 导入国务院通知: the notice's table pasted (or a CSV file of it) and read row by row into holidays and
 * 调休 working days; shown before it replaces the year's days in the form (saved only with the form).
 */
import { Alert, Button, Input, Modal, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { parseNotice, type NoticeRow } from '../notice';
import { withWeekday } from './DayList';

const EXAMPLE = '节日\t放假日期\t调休上班日期\n春节\t2月5日至11日\t2月14日（周六）、2月20日（周六）';

export function NoticeImport(props: {
  year: number;
  open: boolean;
  onClose: () => void;
  onApply: (days: { holidays: string[]; makeupWorkdays: string[] }) => void;
}) {
  const [text, setText] = useState('');
  const notice = parseNotice(text, props.year);
  return (
    <Modal
      title={`导入 ${props.year} 年节假日安排（国务院办公厅通知）`}
      open={props.open}
      okText="填入表单"
      cancelText="取消"
      okButtonProps={{ disabled: notice.rows.length === 0 || notice.errors.length > 0 }}
      onOk={() => {
        props.onApply(notice);
        props.onClose();
      }}
      onCancel={props.onClose}
      width={820}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <span>每行一个节日：节日、放假日期、调休上班日期（从通知或表格中复制，以制表符或逗号分隔）。</span>
        <Input.TextArea
          aria-label="通知表格"
          rows={6}
          placeholder={EXAMPLE}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Upload
          accept=".csv,.txt,text/csv,text/plain"
          showUploadList={false}
          beforeUpload={(f) => (void f.text().then(setText), false)}
        >
          <Button>选择逗号分隔文件…</Button>
        </Upload>
        {notice.outside.length > 0 && (
          <Alert
            type="info"
            showIcon
            title={`${notice.outside.join('、')} 不在 ${props.year} 年，不填入本年；请在该年份中填写。`}
          />
        )}
        {notice.errors.map((e) => (
          <Alert key={e.line} type="error" showIcon title={e.message} />
        ))}
        <Table<NoticeRow>
          rowKey="line"
          size="small"
          pagination={false}
          dataSource={notice.rows}
          columns={[
            { title: '节日', dataIndex: 'holiday', width: 120 },
            {
              title: '放假',
              render: (_, r) => `${r.holidays[0] ?? ''} 至 ${r.holidays.at(-1) ?? ''}，共 ${r.holidays.length} 天`,
            },
            { title: '调休上班', render: (_, r) => r.makeupWorkdays.map(withWeekday).join('、') || '无' },
          ]}
        />
      </Space>
    </Modal>
  );
}
