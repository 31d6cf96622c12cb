/**
 * A text area that says what its limit does: the count against the limit always, and when a paste runs
 * over, that the text was cut and by how much (the API stores at most `max` characters).
 */
import { Input, Typography } from 'antd';
import { useState, type ComponentProps } from 'react';

type Props = Omit<ComponentProps<typeof Input.TextArea>, 'onChange' | 'value' | 'maxLength'> & {
  max: number;
  value?: string;
  onChange?: (value: string) => void;
};

export function LimitedTextArea({ max, value, onChange, ...rest }: Props) {
  const [cut, setCut] = useState<{ had: number } | null>(null);
  const length = Array.from(value ?? '').length;
  return (
    <>
      <Input.TextArea
        {...rest}
        value={value}
        onChange={(e) => {
          const chars = Array.from(e.target.value);
          setCut(chars.length > max ? { had: chars.length } : null);
          onChange?.(chars.length > max ? chars.slice(0, max).join('') : e.target.value);
        }}
      />
      <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'right' }}>
        {length} / {max} 字
      </Typography.Text>
      {cut && (
        <Typography.Text type="danger" role="alert" data-testid="text-cut">
          粘贴的内容共 {cut.had} 字，超过上限 {max} 字，已截去末尾 {cut.had - max} 字，请核对结尾并精简。
        </Typography.Text>
      )}
    </>
  );
}
