import { Column, CreateDateColumn, Entity, Unique } from 'typeorm';
import { UuidEntity } from '../database/uuid-entity';

/** An agency or a supervising body; every report belongs to one. `parentId` lets a reviewer see those under it. */
@Entity('organisations')
@Unique('UQ_organisations_name', ['name'])
export class Organisation extends UuidEntity {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  parentId: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
