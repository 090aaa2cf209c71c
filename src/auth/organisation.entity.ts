import { BeforeInsert, Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';
import { newId } from '../common/entity-id';

/** An agency or a supervising body; every report belongs to one. `parentId` lets a reviewer see those under it. */
@Entity('organisations')
@Unique('UQ_organisations_name', ['name'])
export class Organisation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  parentId: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
