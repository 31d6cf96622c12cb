/**
 * 上传照片: the operator's 市民照片 (at intake, once the order exists, so the photo never holds up the order)
 * and the lead unit's 办结照片 on the order page. Each file goes as it is; the API reads its type from the
 * bytes and strips its metadata, and says in Chinese why one is refused (too large, not an image, too many).
 */
import { Alert, Button, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, ApiProblem, ok } from '../api/client';

const ACCEPTED = 'image/jpeg,image/png,image/webp';

export function PhotoUpload({
  orderId,
  label,
  onUploaded,
}: {
  orderId: string;
  label: string;
  onUploaded?: () => void;
}) {
  const [sending, setSending] = useState(0);
  const [uploaded, setUploaded] = useState(0);
  const [refusals, setRefusals] = useState<string[]>([]);

  /** `which`: the file among those chosen together (第 2 张), named by its place, as its name may be any script. */
  const upload = async (file: File, which: string) => {
    // Not even declared an image (a document, a video): refused here, as the API would.
    if (!file.type.startsWith('image/')) {
      setRefusals((r) => [...r, `${which}文件不是 JPEG、PNG 或 WebP 图片`]);
      return;
    }
    setSending((n) => n + 1);
    try {
      await ok(
        api.POST('/orders/{orderId}/photos', {
          params: { path: { orderId } },
          body: file,
          bodySerializer: (b) => b as File,
          headers: { 'Content-Type': file.type },
        }),
      );
      setUploaded((n) => n + 1);
      onUploaded?.();
    } catch (err) {
      // The API's reason (in Chinese, naming what is wrong with the photo) alone; any other failure as it reads.
      const detail = err instanceof ApiProblem ? err.problem.detail : undefined;
      const reason = detail && /\p{Script=Han}/u.test(detail) ? detail : (err as Error).message;
      setRefusals((r) => [...r, `${which}${reason}`]);
    } finally {
      setSending((n) => n - 1);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Upload
        accept={ACCEPTED}
        multiple
        showUploadList={false}
        beforeUpload={(file, chosen) => {
          // A new choice of files clears the last one's refusals.
          if (file === chosen[0]) setRefusals([]);
          void upload(file, chosen.length > 1 ? `第 ${chosen.indexOf(file) + 1} 张：` : '');
          return false;
        }}
      >
        <Button loading={sending > 0}>{label}</Button>
      </Upload>
      {uploaded > 0 && <Typography.Text data-testid="photos-uploaded">已上传 {uploaded} 张照片</Typography.Text>}
      {refusals.map((r, i) => (
        <Alert key={`${i}-${r}`} type="error" showIcon title={r} data-testid="photo-refusal" />
      ))}
    </Space>
  );
}
