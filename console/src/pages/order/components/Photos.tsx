/**
 * 照片: the citizen's photos taken in at intake (市民照片) and the lead unit's after-photos (办结照片),
 * as thumbnails that open full size. The bytes need the caller's token, so each is fetched and shown
 * from a data: URL.
 */
import { Empty, Image, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok } from '../../../api/client';
import type { Answer } from '../../../api/types';
import { ProblemAlert } from '../../../components/Problem';
import { useLoad } from '../../../hooks';
import { formatTime } from '../../../labels';

type Photo = Answer<'/orders/{orderId}/photos', 'get'>['items'][number];

const CAPTION: Record<Photo['kind'], string> = { intake: '市民照片', completion: '办结照片' };

function Thumbnail({ orderId, photo }: { orderId: string; photo: Photo }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let current = true;
    void api
      .GET('/orders/{orderId}/photos/{photoId}', {
        params: { path: { orderId, photoId: photo.id } },
        parseAs: 'blob',
      })
      .then(({ data }) => {
        if (!data) return;
        // A data: URL, not an object URL: the page's CSP lets images come from 'self' and data: only.
        const reader = new FileReader();
        reader.onload = () => current && setSrc(reader.result as string);
        reader.readAsDataURL(data);
      });
    return () => {
      current = false;
    };
  }, [orderId, photo.id]);
  return (
    <figure style={{ margin: 0, textAlign: 'center' }}>
      <Image
        src={src}
        width={96}
        height={96}
        style={{ objectFit: 'cover' }}
        alt={`${CAPTION[photo.kind]}（${formatTime(photo.createdAt)}）`}
      />
      <figcaption>
        <Typography.Text>{CAPTION[photo.kind]}</Typography.Text>
      </figcaption>
    </figure>
  );
}

export function Photos({ orderId, version }: { orderId: string; version: number }) {
  const photos = useLoad(['photos', orderId, version], () =>
    ok(api.GET('/orders/{orderId}/photos', { params: { path: { orderId } } })),
  );
  if (!photos.data) return <ProblemAlert error={photos.error} />;
  if (!photos.data.items.length) return <Empty description="暂无照片" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Image.PreviewGroup>
      <Space wrap data-testid="photos">
        {photos.data.items.map((p) => (
          <Thumbnail key={p.id} orderId={orderId} photo={p} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
